package io.mlin.engine.util;

import java.io.PrintStream;

/**
 * Where the engine reports what it does. The CLI hands in stdout/stderr, the Jenkins plugin the
 * build's console. Implementations must be thread-safe: parallel image builds share one.
 */
public interface Log {

    void info(String message);

    void warn(String message);

    static Log to(PrintStream out) {
        return lines(line -> {
            out.println(line);
            out.flush();
        });
    }

    /** The same for a {@link java.io.PrintWriter}, e.g. picocli's output streams. */
    static Log to(java.io.PrintWriter out) {
        return lines(line -> {
            out.println(line);
            out.flush();
        });
    }

    /** Each message as one line; warnings marked {@code WARNING: }. Serialized, so lines never interleave. */
    private static Log lines(java.util.function.Consumer<String> println) {
        return new Log() {
            @Override
            public synchronized void info(String message) {
                println.accept(message);
            }

            @Override
            public synchronized void warn(String message) {
                println.accept("WARNING: " + message);
            }
        };
    }

    static Log silent() {
        return new Log() {
            @Override
            public void info(String message) {
            }

            @Override
            public void warn(String message) {
            }
        };
    }
}
