package io.mlin.engine.cli;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import picocli.CommandLine;

/**
 * Bad input is the user's to fix: print each problem as {@code file:line: message} and exit 1,
 * without a stack trace. Anything else is our bug and keeps its trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (ex instanceof MlinException mlin) {
            for (Problem p : mlin.problems()) {
                cmd.getErr().println("error: " + p);
            }
            return 1;
        }
        if (ex instanceof InterruptedException || ex instanceof java.io.InterruptedIOException) {
            String why = String.valueOf(ex.getMessage());
            cmd.getErr().println(why.startsWith("stopped") ? why : "stopped: " + why);
            return 130;
        }
        if (ex instanceof java.io.IOException io) {
            cmd.getErr().println("error: " + io);
            return 1;
        }
        ex.printStackTrace(cmd.getErr());
        return 2;
    }
}
