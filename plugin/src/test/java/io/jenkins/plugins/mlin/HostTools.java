package io.jenkins.plugins.mlin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs the host tools that check what the plugin produced (isoinfo, cpio). A missing tool fails
 * the test and names the Debian package to install: never a silent skip.
 */
final class HostTools {
    private HostTools() {}

    static void require(String command, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return;
            }
        }
        fail(command + " is missing: apt-get install " + debianPackage);
    }

    /** Runs a command, feeding it {@code input}, and returns its standard output; non-zero exit fails. */
    static String run(Path input, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).redirectErrorStream(false);
        if (input != null) {
            builder.redirectInput(input.toFile());
        }
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream stdout = process.getInputStream()) {
            stdout.transferTo(out);
        }
        assertEquals(0, process.waitFor(), String.join(" ", command) + " failed");
        return out.toString(StandardCharsets.UTF_8);
    }
}
