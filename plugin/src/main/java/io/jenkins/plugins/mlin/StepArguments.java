package io.jenkins.plugins.mlin;

import java.util.Map;
import java.util.TreeMap;

/** Conversions of Pipeline arguments that have no form control. */
final class StepArguments {
    private StepArguments() {}

    /**
     * {@code vars: [ID: '3', NAME: "edge-${n}"]}: a Groovy map whose values may be GStrings;
     * sorted so that the order of the literal does not matter.
     */
    static TreeMap<String, String> variables(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("vars must be a map such as [ID: '3', NAME: 'edge-router'], got a "
                    + value.getClass().getSimpleName());
        }
        TreeMap<String, String> variables = new TreeMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
            if (entry.getKey() == null || entry.getValue() == null) {
                // Name the key only: values may be secret.
                throw new IllegalArgumentException(
                        "vars: every entry needs a name and a value (entry " + entry.getKey() + ")");
            }
            variables.put(entry.getKey().toString(), entry.getValue().toString());
        }
        return variables;
    }
}
