package io.mlin.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlin cpio}: a one-line summary on success, {@code error: file:line: message} and exit 1 on bad input. */
class CpioCommandTest {
    @TempDir
    Path dir;

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static synchronized Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void writesTheArchiveAndOneSummaryLine() throws Exception {
        Files.writeString(dir.resolve("data"), "12345");
        Path list = Files.writeString(dir.resolve("list"), "dir /d 755 0 0\nfile /f data 644 0 0 /g\n");
        Path out = dir.resolve("out.cpio");
        Result r = run("cpio", "--epoch", "1234", "-o", out.toString(), list.toString());
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stdout());
        assertEquals(1, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().contains("3 entries, 1 files, 5 data bytes, 512 bytes"), r.stderr());
        assertEquals(512, Files.size(out));
        assertTrue(Files.readString(out, StandardCharsets.ISO_8859_1).contains("000004D2"), "mtime 1234 in the headers");
    }

    @Test
    void badLinesPrintFileLineAndMessageAndExitOne() throws Exception {
        Path list = Files.writeString(dir.resolve("list"), "dir /d 755 0 0\ndir /e 755 -1 0\n  dir /f 755 0 0\n");
        Path out = dir.resolve("out.cpio");
        Result r = run("cpio", "-o", out.toString(), list.toString());
        assertEquals(1, r.exitCode());
        assertEquals(2, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().startsWith("error: " + list + ":2: expected 'dir <name> <mode> <uid> <gid>'"), r.stderr());
        assertTrue(r.stderr().contains("error: " + list + ":3: "), r.stderr());
        assertFalse(Files.exists(out));
        try (var left = Files.list(dir)) {
            assertEquals(1, left.count(), "only the list is left");
        }
    }

    @Test
    void theCommandTakesSourceDateEpochAndVariablesFromItsEnvironment() throws Exception {
        Files.writeString(dir.resolve("data"), "x");
        Path list = Files.writeString(dir.resolve("list"), "dir /d 755 0 0\nfile /f ${DATA_DIR}/data 644 0 0\n");
        Path out = dir.resolve("env.cpio");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "cpio", "-o", out.toString(), list.toString());
        pb.environment().put("SOURCE_DATE_EPOCH", "1234567890");
        pb.environment().put("DATA_DIR", dir.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        String archive = Files.readString(out, StandardCharsets.ISO_8859_1);
        // 1234567890 is 0x499602D2: both entries carry it
        assertEquals(2, archive.split("499602D2", -1).length - 1, "mtime fields of the two entries");
    }

    @Test
    void helpShowsTheVariableSyntaxLiterally() {
        Result r = run("cpio", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.stdout().contains("${VAR} in"), r.stdout());
    }

    @Test
    void epochOutOfRangeOrWithMtimeFromFilesIsRefused() throws Exception {
        Path list = Files.writeString(dir.resolve("list"), "dir /d 755 0 0\n");
        Path out = dir.resolve("out.cpio");
        Result big = run("cpio", "--epoch", "4294967296", "-o", out.toString(), list.toString());
        assertEquals(1, big.exitCode());
        assertTrue(big.stderr().contains("--epoch must be from 0 to 4294967295"), big.stderr());
        Result both = run("cpio", "--epoch", "5", "--mtime-from-files", "-o", out.toString(), list.toString());
        assertEquals(1, both.exitCode());
        assertTrue(both.stderr().contains("exclude each other"), both.stderr());
        assertFalse(Files.exists(out));
    }
}
