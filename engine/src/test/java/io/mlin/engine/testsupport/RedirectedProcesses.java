package io.mlin.engine.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host tool with its stdout and stderr sent to files, then reads them. Unlike pumping the
 * pipes from threads, nothing a short-lived tool printed can be lost when the process is cleaned
 * up right after it exits (the JDK closes a process's pipes on destroy, which can race the readers).
 */
public final class RedirectedProcesses {
    private RedirectedProcesses() {
    }

    public static Processes.Result run(Path workDir, List<String> command, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("tool-", ".out");
        Path err = Files.createTempFile("tool-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
            }
            return new Processes.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs and fails the test with the tool's output if it exits non-zero. */
    public static Processes.Result check(Path workDir, String... command) throws IOException, InterruptedException {
        List<String> cmd = List.of(command);
        return run(workDir, cmd, 600).assertSuccess(cmd);
    }
}
