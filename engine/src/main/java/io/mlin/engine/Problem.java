package io.mlin.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with the user's input, located as precisely as we can: the file, the
 * 1-based line (0 when the problem is about the file as a whole) and what was expected.
 */
public record Problem(Path file, int line, String message) {

    public Problem {
        Objects.requireNonNull(message, "message");
    }

    public static Problem at(Path file, int line, String message) {
        return new Problem(file, line, message);
    }

    public static Problem inFile(Path file, String message) {
        return new Problem(file, 0, message);
    }

    /** {@code file:line: message}, the form compilers use, so editors can jump to it. */
    @Override
    public String toString() {
        if (file == null) {
            return message;
        }
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
