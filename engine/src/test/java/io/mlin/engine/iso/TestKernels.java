package io.mlin.engine.iso;

import io.mlin.engine.testsupport.LinuxSource;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Stand-in kernels: files of deterministic pseudo-random bytes (so FAT and ISO bugs that shift
 * data show up as content differences), written in chunks and kept under target/test-work so
 * later tests reuse them.
 */
final class TestKernels {
    static final Path DIR = LinuxSource.WORK.resolve("iso");

    private TestKernels() {
    }

    /** A file of {@code size} pseudo-random bytes from {@code seed}, created once. */
    static synchronized Path kernel(long size, long seed) throws IOException {
        Path file = DIR.resolve("kernels").resolve("kernel-" + size + "-" + seed + ".bin");
        if (Files.isRegularFile(file) && Files.size(file) == size) {
            return file;
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(temp)) {
            for (long left = size; left > 0; ) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long r = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        chunk[i + j] = (byte) (r >>> (8 * j));
                    }
                }
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    /** A fresh folder for one test's outputs. */
    static Path workDir(String name) throws IOException {
        Path dir = DIR.resolve(name);
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /** Compares two files in chunks; returns the first differing offset, or -1 when equal. */
    static long firstDifference(Path a, Path b) throws IOException {
        try (var inA = new java.io.BufferedInputStream(Files.newInputStream(a), 1 << 16);
                var inB = new java.io.BufferedInputStream(Files.newInputStream(b), 1 << 16)) {
            for (long offset = 0; ; offset++) {
                int x = inA.read();
                int y = inB.read();
                if (x != y) {
                    return offset;
                }
                if (x < 0) {
                    return -1;
                }
            }
        }
    }
}
