package io.mlin.engine.vars;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The values of one variant: what each {@code <NAME>} tag in the flavor's files becomes.
 *
 * <p>Values may be secrets (passwords, keys), so they never leave this class except as the bytes
 * written into substituted files: {@link #toString()}, exceptions and problems name only the origin
 * and the variable names, never a value or a line of a variable file.
 *
 * <p>Values from a file are kept as the file's bytes (no decoding), so any encoding passes through
 * unchanged; values from a {@code Map} are written as UTF-8.
 */
public final class Variables {
    /** What a variable name looks like (MLin's {@code [A-Z][_A-Z0-9]*}). */
    public static final Pattern NAME = Pattern.compile("[A-Z][_A-Z0-9]*");

    private final String origin;
    private final Map<String, byte[]> values;

    private Variables(String origin, Map<String, byte[]> values) {
        this.origin = origin;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /**
     * Reads a variable file: each line {@code NAME=value}, the value being the rest of the line as
     * is (a carriage return included); any other line, a blank one included, is a problem. A later
     * definition of the same name replaces an earlier one, as MLin's substvar.sh does.
     *
     * @throws MlinException naming every bad line (never its content)
     */
    public static Variables fromFile(Path file) {
        List<Problem> problems = new ArrayList<>();
        Map<String, byte[]> values = read(file, problems);
        if (!problems.isEmpty()) {
            throw new MlinException(problems);
        }
        return new Variables(file.toString(), values);
    }

    /** Every problem of a variable file, each naming its line; empty when it is fine. */
    public static List<Problem> check(Path file) {
        List<Problem> problems = new ArrayList<>();
        read(file, problems);
        return problems;
    }

    /**
     * Values handed in by a caller (the Jenkins plugin passes them from credentials).
     *
     * @param origin what to call them in messages, e.g. {@code "credentials 'router-site-a'"}
     * @throws MlinException when a name does not match {@link #NAME} (the names are listed, the values not)
     */
    public static Variables of(Map<String, String> values, String origin) {
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(origin, "origin");
        List<Problem> problems = new ArrayList<>();
        Map<String, byte[]> bytes = new TreeMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            if (e.getKey() == null || !NAME.matcher(e.getKey()).matches()) {
                problems.add(Problem.at(null, 0, origin + ": invalid variable name '" + e.getKey()
                        + "': expected a name matching " + NAME.pattern()));
            } else if (e.getValue() == null) {
                problems.add(Problem.at(null, 0, origin + ": variable " + e.getKey() + " has no value"));
            } else {
                bytes.put(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!problems.isEmpty()) {
            throw new MlinException(problems);
        }
        return new Variables(origin, bytes);
    }

    private static Map<String, byte[]> read(Path file, List<Problem> problems) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            problems.add(Problem.inFile(file, "cannot read the variable file: " + e.getClass().getSimpleName()));
            return Map.of();
        }
        Map<String, byte[]> values = new TreeMap<>();
        int lineNumber = 0;
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            lineNumber++;
            int nameEnd = nameEnd(content, start, end);
            if (nameEnd < 0) {
                // The line is not echoed: it may hold a secret.
                problems.add(Problem.at(file, lineNumber,
                        "expected NAME=value with NAME matching " + NAME.pattern() + " (blank lines are not allowed)"));
            } else {
                String name = new String(content, start, nameEnd - start, StandardCharsets.US_ASCII);
                byte[] value = new byte[end - nameEnd - 1];
                System.arraycopy(content, nameEnd + 1, value, 0, value.length);
                values.put(name, value);
            }
            start = end + 1;
        }
        return values;
    }

    /** The index of the {@code =} ending a valid name at {@code start}, or -1. */
    private static int nameEnd(byte[] b, int start, int end) {
        if (start >= end || b[start] < 'A' || b[start] > 'Z') {
            return -1;
        }
        for (int i = start + 1; i < end; i++) {
            byte c = b[i];
            if (c == '=') {
                return i;
            }
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return -1;
            }
        }
        return -1;
    }

    /** Where the values came from (a file path or the caller's description); never a value. */
    public String origin() {
        return origin;
    }

    /** The defined names, sorted. Names are not secret; values are. */
    public Set<String> names() {
        return values.keySet();
    }

    public boolean isDefined(String name) {
        return values.containsKey(name);
    }

    /** The value's bytes, for the substitution only. */
    byte[] valueBytes(String name) {
        return values.get(name);
    }

    /** Names the origin and how many variables it holds; values are deliberately left out. */
    @Override
    public String toString() {
        return "Variables[" + origin + ", " + values.size() + " defined]";
    }
}
