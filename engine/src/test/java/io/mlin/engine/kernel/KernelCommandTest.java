package io.mlin.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.cli.Main;
import io.mlin.engine.cpio.CpioList;
import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.cpio.InitramfsWriter;
import io.mlin.engine.testsupport.LinuxSource;
import io.mlin.engine.testsupport.TestKernel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlin kernel}: relinks the shared test kernel, copies the bzImage out, reports bad input. */
class KernelCommandTest {

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
    void relinksTheConfiguredObjectFolderAndCopiesTheKernelOut(@TempDir Path dir) throws Exception {
        Path firstCpio = Files.write(dir.resolve("first.cpio"), new byte[0]);
        TestKernel.build(firstCpio);
        Path list = Files.writeString(dir.resolve("list"), "dir /etc 0755 0 0\n", StandardCharsets.UTF_8);
        Path cpio = dir.resolve("etc.cpio");
        InitramfsWriter.write(List.of(CpioList.of(list)), cpio, CpioOptions.reproducible());
        Path out = dir.resolve("out/kernel.efi");

        Result r = run("kernel", "--source", LinuxSource.tree().toString(),
                "--defconfig", TestKernel.defconfig().toString(), "--objdir", TestKernel.HOME.resolve("obj").toString(),
                "--initramfs", cpio.toString(), "-o", out.toString(), "--quiet-make", "-j", "2");

        assertEquals(0, r.exitCode(), r.stderr() + r.stdout());
        String last = r.stdout().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith(out + ": kernel ") && last.contains(" relinked, "), r.stdout());
        assertEquals(-1L, Files.mismatch(out, TestKernel.kernelBuild().bzImage()), "-o is a copy of the bzImage");
        assertTrue(r.stdout().contains("WARNING: ") && r.stdout().contains("CONFIG_HYPERV"),
                "the test kernel has no Hyper-V drivers: " + r.stdout());
        assertTrue(r.stdout().lines().noneMatch(l -> l.startsWith("[kernel] ")), "--quiet-make keeps make's lines out");
    }

    @Test
    void badInputIsReportedAsFileAndMessageWithExitOne(@TempDir Path dir) {
        Result r = run("kernel", "--source", dir.resolve("src").toString(), "--defconfig",
                dir.resolve("defconfig").toString(), "--objdir", dir.resolve("obj").toString(),
                "--initramfs", dir.resolve("x.cpio").toString());

        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals(3, r.stderr().lines().count(), r.stderr());
        assertTrue(r.stderr().contains("error: " + dir.resolve("defconfig") + ": defconfig not found"), r.stderr());
        assertTrue(r.stderr().contains("error: " + dir.resolve("x.cpio") + ": initramfs not found"), r.stderr());
    }
}
