package io.mlin.engine.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host tool from a test and captures what it printed. */
public final class Processes {
    private Processes() {
    }

    public record Result(int exitCode, String stdout, String stderr) {
        public Result assertSuccess(List<String> command) {
            if (exitCode != 0) {
                throw new AssertionError("command failed with exit code " + exitCode + ": " + String.join(" ", command)
                        + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
            }
            return this;
        }
    }

    public static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        return run(workDir, command, 600);
    }

    public static Result run(Path workDir, List<String> command, long timeoutSeconds)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t1 = pump(p.getInputStream(), out);
        Thread t2 = pump(p.getErrorStream(), err);
        boolean finished = false;
        try {
            finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            // Read everything the process wrote before anything closes the pipes.
            t1.join();
            t2.join();
        } finally {
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
        return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs and fails the test with the tool's output if it exits non-zero. */
    public static Result check(Path workDir, String... command) throws IOException, InterruptedException {
        List<String> cmd = List.of(command);
        return run(workDir, cmd).assertSuccess(cmd);
    }

    private static Thread pump(InputStream in, ByteArrayOutputStream sink) {
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(sink);
            } catch (IOException ignored) {
                // the process went away; what we have is what it printed
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
