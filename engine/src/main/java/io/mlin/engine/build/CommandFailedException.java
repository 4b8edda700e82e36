package io.mlin.engine.build;

import io.mlin.engine.MlinException;
import java.util.List;

/** An external command exited non-zero. The message quotes the command, its exit code and its last lines. */
public class CommandFailedException extends MlinException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final List<String> tail;

    public CommandFailedException(ProcessRunner.Command command, int exitCode, List<String> tail) {
        super(message(command, exitCode, tail));
        this.exitCode = exitCode;
        this.tail = List.copyOf(tail);
    }

    private static String message(ProcessRunner.Command command, int exitCode, List<String> tail) {
        StringBuilder sb = new StringBuilder("command failed with exit code ").append(exitCode).append(": ")
                .append(command.display());
        if (!tail.isEmpty()) {
            sb.append("\nlast ").append(tail.size()).append(" lines of its output:");
            for (String line : tail) {
                sb.append("\n  ").append(line);
            }
        }
        return sb.toString();
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> tail() {
        return tail;
    }
}
