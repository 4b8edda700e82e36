package io.mlin.engine.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests use the real tools a user has. A missing one is a failure that says what to install,
 * never a silent skip.
 */
public final class HostTools {
    private HostTools() {
    }

    /** The absolute path of {@code command} on PATH (or in /usr/sbin, /sbin), or a failure naming the Debian package. */
    public static Path require(String command, String debianPackage) {
        Path found = find(command);
        if (found == null) {
            fail("this test needs '" + command + "': apt-get install " + debianPackage);
        }
        return found;
    }

    /** A file that a Debian package installs, or a failure naming the package. */
    public static Path requireFile(Path file, String debianPackage) {
        if (!Files.isRegularFile(file)) {
            fail("this test needs " + file + ": apt-get install " + debianPackage);
        }
        return file;
    }

    public static Path find(String command) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
