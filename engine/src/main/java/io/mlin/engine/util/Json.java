package io.mlin.engine.util;

import java.util.Collection;
import java.util.Map;

/**
 * A small JSON writer with deterministic output: maps are written in their iteration order (pass a
 * {@code LinkedHashMap} or {@code TreeMap}), two-space indentation, {@code \n} line ends.
 *
 * <p>Hand-written on purpose: bundling Jackson or Gson in the engine jar would clash with the
 * copies Jenkins ships (the jackson2-api plugin), and writing values is all we need.
 *
 * <p>Supported values: {@code null}, {@link CharSequence}, {@link Number}, {@link Boolean},
 * {@link Map} (keys written with {@code toString()}), {@link Collection} and arrays of objects.
 */
public final class Json {
    private Json() {
    }

    /** {@code value} as indented JSON, without a trailing newline. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object value, int indent) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof CharSequence s) {
            quote(sb, s);
        } else if (value instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (value instanceof Number n) {
            number(sb, n);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                indent(sb, indent + 1);
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
            }
            sb.append('\n');
            indent(sb, indent);
            sb.append('}');
        } else if (value instanceof Collection<?> c) {
            array(sb, c.toArray(), indent);
        } else if (value instanceof Object[] a) {
            array(sb, a, indent);
        } else {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
        }
    }

    private static void array(StringBuilder sb, Object[] items, int indent) {
        if (items.length == 0) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        for (int i = 0; i < items.length; i++) {
            sb.append(i == 0 ? "\n" : ",\n");
            indent(sb, indent + 1);
            write(sb, items[i], indent + 1);
        }
        sb.append('\n');
        indent(sb, indent);
        sb.append(']');
    }

    private static void number(StringBuilder sb, Number n) {
        if (n instanceof Double d && (d.isNaN() || d.isInfinite()) || n instanceof Float f && (f.isNaN() || f.isInfinite())) {
            throw new IllegalArgumentException("JSON has no form for " + n);
        }
        sb.append(n);
    }

    private static void indent(StringBuilder sb, int level) {
        sb.append("  ".repeat(level));
    }

    /** A JSON string (RFC 8259): quote, backslash and control characters escaped. */
    public static void quote(StringBuilder sb, CharSequence s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
