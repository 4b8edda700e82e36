package io.mlin.engine.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code mlin iso} as a user runs it. */
class IsoCommandTest {

    record Run(int exitCode, String out, String err) {
    }

    static synchronized Run mlin(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void writesTheIsoAndPrintsAOneLineSummary() throws Exception {
        Path kernel = TestKernels.kernel(123_456, 5);
        Path dir = TestKernels.workDir("cli");
        Path iso = dir.resolve("web-server.iso");
        Run run = mlin("iso", kernel.toString(), "-o", iso.toString(), "--epoch", "1700000000");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.out().lines().count(), run.out());
        String expectedHash = IsoWriterTest.sha256(iso);
        assertTrue(run.out().startsWith(iso + ": " + Files.size(iso) + " bytes, volume WEB_SERVER, FAT12 boot image "),
                run.out());
        assertTrue(run.out().contains("sha256 " + expectedHash), run.out());
        assertEquals("WEB_SERVER", IsoVerifiers.isoinfoD(iso).volumeId());

        Path named = dir.resolve("named.iso");
        assertEquals(0, mlin("iso", kernel.toString(), "-o", named.toString(), "--volume-id", "MY_ID").exitCode());
        assertEquals("MY_ID", IsoVerifiers.isoinfoD(named).volumeId());
    }

    @Test
    void badInputIsAnErrorWithoutAStackTraceAndWithoutOutput() throws Exception {
        Path kernel = TestKernels.kernel(10_000, 6);
        Path dir = TestKernels.workDir("cli-errors");
        Path iso = dir.resolve("x.iso");

        Run badId = mlin("iso", kernel.toString(), "-o", iso.toString(), "--volume-id", "my-id");
        assertEquals(1, badId.exitCode());
        assertTrue(badId.err().contains("error: invalid ISO volume id 'my-id'"), badId.err());
        assertFalse(badId.err().contains("\tat "), badId.err());

        Run badEpoch = mlin("iso", kernel.toString(), "-o", iso.toString(), "--epoch", "-5");
        assertEquals(1, badEpoch.exitCode());
        assertTrue(badEpoch.err().contains("invalid ISO epoch -5"), badEpoch.err());

        Path missing = dir.resolve("bzImage");
        Run noKernel = mlin("iso", missing.toString(), "-o", iso.toString());
        assertEquals(1, noKernel.exitCode());
        assertTrue(noKernel.err().contains("error: " + missing + ": expected a kernel file"), noKernel.err());

        Run noOutput = mlin("iso", kernel.toString());
        assertEquals(2, noOutput.exitCode(), "picocli's usage error");
        assertTrue(noOutput.err().contains("--output"), noOutput.err());
        assertFalse(Files.exists(iso));
    }
}
