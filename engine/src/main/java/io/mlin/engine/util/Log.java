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
        return new Log() {
            @Override
            public synchronized void info(String message) {
                out.println(message);
                out.flush();
            }

            @Override
            public synchronized void warn(String message) {
                out.println("WARNING: " + message);
                out.flush();
            }
        };
    }

    /** The same for a {@link java.io.PrintWriter}, e.g. picocli's output streams. */
    static Log to(java.io.PrintWriter out) {
        return new Log() {
            @Override
            public synchronized void info(String message) {
                out.println(message);
                out.flush();
            }

            @Override
            public synchronized void warn(String message) {
                out.println("WARNING: " + message);
                out.flush();
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
