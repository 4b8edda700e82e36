package io.mlin.engine.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.mlin.engine.testsupport.LinuxSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs the kernel's own gen_init_cpio (built from Debian's linux-source) and compares archives. */
final class ReferenceCpio {
    private ReferenceCpio() {
    }

    /** What the reference tool did: its exit code and its stderr. */
    record Run(int exitCode, String stderr) {
    }

    /** {@code gen_init_cpio -c -t T list > out}, with {@code environment} added to the child's. */
    static Run run(Path list, long mtime, Map<String, String> environment, Path out) throws IOException, InterruptedException {
        Path tool = LinuxSource.genInitCpio();
        ProcessBuilder pb = new ProcessBuilder(tool.toString(), "-c", "-t", Long.toString(mtime), list.toString());
        pb.environment().putAll(environment);
        pb.redirectOutput(out.toFile());
        Path err = Files.createTempFile(out.getParent(), "gen_init_cpio", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("gen_init_cpio timed out on " + list);
        }
        String stderr = Files.readString(err, StandardCharsets.ISO_8859_1);
        Files.delete(err);
        return new Run(p.exitValue(), stderr);
    }

    /** Runs the reference tool and fails unless it succeeded without a message. */
    static void runClean(Path list, long mtime, Map<String, String> environment, Path out)
            throws IOException, InterruptedException {
        Run run = run(list, mtime, environment, out);
        assertEquals(0, run.exitCode(), "gen_init_cpio failed on " + list + ": " + shortened(run.stderr()));
        assertEquals("", shortened(run.stderr()), "gen_init_cpio complained about " + list);
    }

    private static String shortened(String message) {
        return message.length() <= 600 ? message : message.substring(0, 300) + " [...] " + message.substring(message.length() - 300);
    }

    /** Sets the mtime of every regular file under {@code dir}: upstream dates files by their source. */
    static void setAllMtimes(Path dir, long seconds) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.setLastModifiedTime(f, FileTime.from(seconds, TimeUnit.SECONDS));
                }
            }
        }
    }

    /** Fails with the first differing offset and the bytes around it in both archives. */
    static void assertSameBytes(Path expected, Path actual) throws IOException {
        long at = Files.mismatch(expected, actual);
        if (at == -1) {
            return;
        }
        fail("archives differ at offset " + at + " (sizes " + Files.size(expected) + " reference, "
                + Files.size(actual) + " ours)\nreference: " + around(expected, at) + "\nours:      " + around(actual, at));
    }

    private static String around(Path file, long at) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long from = Math.max(0, at - 32);
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(64);
            channel.read(buffer, from);
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return "@" + from + " " + HexFormat.of().formatHex(bytes) + " '"
                    + new String(bytes, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", ".") + "'";
        }
    }

    /** Writes list lines, each ended by {@code eol}. */
    static Path writeList(Path file, String eol, List<String> lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append(eol);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
