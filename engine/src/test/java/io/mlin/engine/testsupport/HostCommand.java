package io.mlin.engine.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a host tool with its output redirected to files, for tests that assert on what it printed.
 * No pipe is involved, so the whole output is there once the process has exited, however the
 * process ends (a pipe pumped by a thread can lose its tail when the process is destroyed first).
 */
public final class HostCommand {
    private HostCommand() {
    }

    /** The tool's stdout; fails the test with its stderr when it exits non-zero or takes over 5 minutes. */
    public static String output(Path workDir, String... command) throws IOException, InterruptedException {
        File out = File.createTempFile("host-command", ".out");
        File err = File.createTempFile("host-command", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            Process p = pb.start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", List.of(command)));
            }
            String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new AssertionError("exit code " + p.exitValue() + ": " + String.join(" ", List.of(command))
                        + "\nstdout:\n" + stdout + "\nstderr:\n" + Files.readString(err.toPath(), StandardCharsets.UTF_8));
            }
            return stdout;
        } finally {
            Files.deleteIfExists(out.toPath());
            Files.deleteIfExists(err.toPath());
        }
    }
}
