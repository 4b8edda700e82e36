package io.mlin.engine.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An independent oracle for {@code <NAME>} substitution: bash itself reads the file with
 * {@code $(cat)}, replaces each tag with {@code ${var//pattern/value}} and writes it back with a
 * newline, the shell mechanics MLin's substitution relies on. Run in the C locale so bytes stay bytes.
 */
public final class BashSubstitution {
    private static final String SCRIPT = String.join("\n",
            "in=$1; out=$2; shift 2",
            "c=$(cat \"$in\")",
            "while [ $# -gt 0 ]; do c=${c//\"<$1>\"/\"$2\"}; shift 2; done",
            "printf '%s\\n' \"$c\" > \"$out\"");

    private BashSubstitution() {
    }

    /** Substitutes {@code values} into {@code in}, writing {@code out}. Values must not contain tags. */
    public static void substitute(Path in, Map<String, String> values, Path out) throws IOException, InterruptedException {
        HostTools.require("bash", "bash");
        List<String> cmd = new ArrayList<>(List.of("env", "LC_ALL=C", "bash", "-c", SCRIPT, "bash", in.toString(), out.toString()));
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            cmd.add(e.getKey());
            cmd.add(e.getValue());
        }
        HostCommand.output(null, cmd.toArray(new String[0]));
    }
}
