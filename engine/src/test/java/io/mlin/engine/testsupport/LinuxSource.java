package io.mlin.engine.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Debian's {@code linux-source} tarball, the real kernel the tests build and the home of the
 * reference {@code gen_init_cpio}. Extracted at most once per test run (the marker file makes a
 * half-finished extraction count as missing) and shared by every test class in the JVM.
 */
public final class LinuxSource {
    /** Where the tests keep what they build: the module's target folder, so `mvn clean` drops it. */
    public static final Path WORK = Path.of("target", "test-work").toAbsolutePath();

    private static Path tree;
    private static Path genInitCpio;

    private LinuxSource() {
    }

    /** The linux-source tarball, e.g. /usr/src/linux-source-6.1.tar.xz. */
    public static synchronized Path tarball() {
        Path usrSrc = Path.of("/usr/src");
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(usrSrc)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(usrSrc, "linux-source-*.tar.xz")) {
                ds.forEach(found::add);
            } catch (IOException e) {
                fail("cannot list /usr/src: " + e);
            }
        }
        if (found.isEmpty()) {
            fail("this test needs Debian's kernel source tarball /usr/src/linux-source-*.tar.xz: apt-get install linux-source");
        }
        found.sort(null);
        return found.get(found.size() - 1);
    }

    /** The top folder name inside the tarball, e.g. linux-source-6.1. */
    public static String topFolder() {
        String name = tarball().getFileName().toString();
        return name.substring(0, name.length() - ".tar.xz".length());
    }

    /** The whole kernel tree, extracted once under target/test-work. */
    public static synchronized Path tree() throws IOException, InterruptedException {
        if (tree != null) {
            return tree;
        }
        Path into = WORK.resolve("linux");
        Path top = into.resolve(topFolder());
        Path marker = into.resolve(".extracted");
        if (!Files.exists(marker)) {
            HostTools.require("tar", "tar");
            HostTools.require("xz", "xz-utils");
            deleteRecursively(into);
            Files.createDirectories(into);
            Processes.check(into, "tar", "-xJf", tarball().toString());
            Files.writeString(marker, tarball().toString());
        }
        tree = top;
        return tree;
    }

    /**
     * The kernel's own gen_init_cpio, compiled from {@code usr/gen_init_cpio.c}. Only that file is
     * extracted when the whole tree is not needed.
     */
    public static synchronized Path genInitCpio() throws IOException, InterruptedException {
        if (genInitCpio != null) {
            return genInitCpio;
        }
        Path dir = WORK.resolve("gen_init_cpio");
        Path binary = dir.resolve("gen_init_cpio");
        if (!Files.isExecutable(binary)) {
            HostTools.require("gcc", "gcc");
            Files.createDirectories(dir);
            Path source;
            if (tree != null) {
                source = tree.resolve("usr/gen_init_cpio.c");
            } else {
                HostTools.require("tar", "tar");
                String member = topFolder() + "/usr/gen_init_cpio.c";
                Processes.check(dir, "tar", "-xJf", tarball().toString(), member);
                source = dir.resolve(member);
            }
            Path temp = dir.resolve("gen_init_cpio.tmp");
            Processes.check(dir, "gcc", "-O2", "-o", temp.toString(), source.toString());
            Files.move(temp, binary, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        genInitCpio = binary;
        return binary;
    }

    static void deleteRecursively(Path p) throws IOException, InterruptedException {
        if (Files.exists(p)) {
            Processes.check(null, "rm", "-rf", p.toString());
        }
    }
}
