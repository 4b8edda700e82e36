package io.mlin.engine.kernel;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel {@code .config} (or defconfig) as Kconfig writes it: {@code CONFIG_NAME=value} lines
 * and {@code # CONFIG_NAME is not set} lines. Option names are kept without the {@code CONFIG_}
 * prefix; string values are unquoted. Where an option appears twice the last line wins, as in
 * Kconfig.
 */
public final class KernelConfig {
    private static final Pattern SET = Pattern.compile("^CONFIG_([A-Za-z0-9_]+)=(.*)$");
    private static final Pattern NOT_SET = Pattern.compile("^# CONFIG_([A-Za-z0-9_]+) is not set$");

    /** One option's value and the 1-based line it was read from. {@code value} is null for "is not set". */
    public record Entry(String value, int line) {
    }

    private final Path file;
    private final Map<String, Entry> entries;

    private KernelConfig(Path file, Map<String, Entry> entries) {
        this.file = file;
        this.entries = entries;
    }

    /**
     * Reads a {@code .config}. Lines that are neither an assignment, a "not set" comment, another
     * comment nor blank are reported together, each with its line.
     */
    public static KernelConfig read(Path file) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                Matcher set = SET.matcher(line);
                Matcher notSet = NOT_SET.matcher(line);
                if (set.matches()) {
                    entries.put(set.group(1), new Entry(unquote(set.group(2)), number));
                } else if (notSet.matches()) {
                    entries.put(notSet.group(1), new Entry(null, number));
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    problems.add(Problem.at(file, number,
                            "expected CONFIG_NAME=value or '# CONFIG_NAME is not set', found: " + line));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new MlinException(problems);
        }
        return new KernelConfig(file, entries);
    }

    private static String unquote(String raw) {
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            // Kconfig escapes '"' and '\' inside strings with a backslash.
            StringBuilder sb = new StringBuilder();
            for (int i = 1; i < raw.length() - 1; i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length() - 1) {
                    c = raw.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return raw;
    }

    /** The file this was read from. */
    public Path file() {
        return file;
    }

    /** The option's value ({@code y}, {@code m}, a number or an unquoted string), empty when unset or absent. */
    public Optional<String> value(String option) {
        Entry e = entries.get(option);
        return e == null ? Optional.empty() : Optional.ofNullable(e.value());
    }

    /** Whether the option is built in ({@code =y}). */
    public boolean isBuiltIn(String option) {
        return value(option).map("y"::equals).orElse(false);
    }

    /** The line the option was read from, 0 when the file does not mention it. */
    public int lineOf(String option) {
        Entry e = entries.get(option);
        return e == null ? 0 : e.line();
    }
}
