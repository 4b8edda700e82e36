package io.mlin.engine.cpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.testsupport.HostTools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GNU cpio, which checks 070702 sums like the kernel's unpacker, lists and extracts our archives. */
class GnuCpioTest {
    @TempDir
    Path dir;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    private Run cpio(Path workDir, Path archive, String... args) throws IOException, InterruptedException {
        Path tool = HostTools.require("cpio", "cpio");
        List<String> command = new java.util.ArrayList<>();
        command.add(tool.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.redirectInput(archive.toFile());
        Path out = Files.createTempFile(dir, "cpio", ".out");
        Path err = Files.createTempFile(dir, "cpio", ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "cpio timed out");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void listsAndExtractsWhatWeWrote() throws Exception {
        byte[] big = new byte[3_000_001];
        new Random(7).nextBytes(big);
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.write(src.resolve("big"), big);
        Files.writeString(src.resolve("hello"), "hello\n");
        Files.writeString(src.resolve("three"), "abc");
        Path list = Files.writeString(src.resolve("list"), String.join("\n",
                "dir /bin 755 0 0",
                "dir /etc 750 0 0",
                "file /bin/busybox big 755 0 0 /bin/sh /bin/ls",
                "file /etc/hello hello 644 0 0",
                "file /etc/three three 600 0 0",
                "file /etc/empty /dev/null 644 0 0",
                "slink /etc/link hello 777 0 0",
                "pipe /etc/fifo 644 0 0",
                ""));
        Path archive = dir.resolve("initramfs.cpio");
        InitramfsWriter.write(List.of(CpioList.of(list)), archive, CpioOptions.reproducible(Map.of()));

        Run listing = cpio(dir, archive, "-t", "-i");
        assertEquals(0, listing.exitCode(), listing.stderr());
        assertEquals(List.of("bin", "etc", "bin/busybox", "bin/sh", "bin/ls", "etc/hello", "etc/three", "etc/empty",
                "etc/link", "etc/fifo"), listing.stdout().lines().toList());
        assertFalse(listing.stderr().contains("checksum"), listing.stderr());

        Path root = Files.createDirectories(dir.resolve("root"));
        Run extract = cpio(root, archive, "-i", "-d", "--no-absolute-filenames", "--quiet");
        assertEquals(0, extract.exitCode(), extract.stderr());
        assertEquals("", extract.stderr());
        assertArrayEquals(big, Files.readAllBytes(root.resolve("bin/busybox")));
        assertTrue(Files.isSameFile(root.resolve("bin/busybox"), root.resolve("bin/ls")), "hard links share a file");
        assertTrue(Files.isSameFile(root.resolve("bin/busybox"), root.resolve("bin/sh")), "hard links share a file");
        assertEquals("hello\n", Files.readString(root.resolve("etc/hello")));
        assertEquals("abc", Files.readString(root.resolve("etc/three")));
        assertEquals(0, Files.size(root.resolve("etc/empty")));
        assertEquals(Path.of("hello"), Files.readSymbolicLink(root.resolve("etc/link")));
        assertTrue(Files.isDirectory(root.resolve("bin"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/three"))));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("bin/busybox"))));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc"))));
    }

    @Test
    void gnuCpioNoticesABrokenSumSoItChecksOurs() throws Exception {
        Path src = Files.writeString(dir.resolve("data"), "some file data");
        Path list = Files.writeString(dir.resolve("list"), "file /data data 644 0 0\n");
        Path archive = dir.resolve("a.cpio");
        InitramfsWriter.write(List.of(CpioList.of(list)), archive, CpioOptions.reproducible(Map.of()));
        Path root = Files.createDirectories(dir.resolve("root"));
        assertEquals("", cpio(root, archive, "-i", "-d", "--quiet").stderr());

        // flip one data byte: the data starts after the 110-byte header and "data\0" padded to 116
        try (RandomAccessFile raf = new RandomAccessFile(archive.toFile(), "rw")) {
            raf.seek(116);
            int b = raf.read();
            raf.seek(116);
            raf.write(b ^ 1);
        }
        Path again = Files.createDirectories(dir.resolve("again"));
        Run broken = cpio(again, archive, "-i", "-d", "--quiet");
        assertTrue(broken.stderr().contains("checksum error"), "stderr: " + broken.stderr());
        assertTrue(Files.readString(src, StandardCharsets.UTF_8).startsWith("some"));
    }
}
