package io.mlin.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.testsupport.LinuxSource;
import io.mlin.engine.testsupport.TestKernel;
import io.mlin.engine.util.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KernelBuild's decisions and failures on the real kernel source, without a full compile of its
 * own (the shared test kernel is compiled once by {@link TestKernel}).
 */
class KernelBuildTest {

    @Test
    void badInputsAreAllReportedBeforeAnythingRuns(@TempDir Path dir) {
        KernelBuild kb = new KernelBuild(dir.resolve("no-source"), dir.resolve("no_defconfig"), dir.resolve("obj"),
                Log.silent());
        MlinException e = assertThrows(MlinException.class, () -> kb.build(dir.resolve("no.cpio")));
        List<Path> files = e.problems().stream().map(Problem::file).toList();
        assertEquals(List.of(dir.resolve("no-source"), dir.resolve("no_defconfig"), dir.resolve("no.cpio")), files,
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("obj")), "nothing is created for bad input");
    }

    @Test
    void aNonEmptyFolderThatIsNotAKernelObjectFolderIsLeftAlone(@TempDir Path dir) throws Exception {
        Path objdir = dir.resolve("obj");
        Files.createDirectories(objdir);
        Path precious = Files.writeString(objdir.resolve("precious.txt"), "not ours", StandardCharsets.UTF_8);
        Path cpio = Files.write(dir.resolve("empty.cpio"), new byte[0]);
        KernelBuild kb = new KernelBuild(LinuxSource.tree(), TestKernel.defconfig(), objdir, Log.silent());

        MlinException e = assertThrows(MlinException.class, () -> kb.build(cpio));

        assertTrue(e.getMessage().contains(objdir.toString()) && e.getMessage().contains("precious.txt"), e.getMessage());
        assertTrue(Files.exists(precious));
    }

    @Test
    void aDefconfigWithoutTheEfiStubFailsTheCheckBeforeCompilingAndOurInitramfsPathWins(@TempDir Path dir)
            throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(TestKernel.defconfig(), StandardCharsets.UTF_8)) {
            if (!line.equals("CONFIG_EFI_STUB=y")) {
                lines.add(line);
            }
        }
        assertEquals(Files.readAllLines(TestKernel.defconfig()).size() - 1, lines.size(), "precondition: EFI_STUB=y");
        // MLin's own line, which a defconfig may still carry: ours must replace it.
        lines.add(0, "CONFIG_INITRAMFS_SOURCE=\"../initramfs.cpio\"");
        Path defconfig = Files.write(dir.resolve("no_efi_stub_defconfig"), lines, StandardCharsets.UTF_8);
        Path objdir = dir.resolve("obj");
        Path cpio = Files.write(dir.resolve("empty.cpio"), new byte[0]);
        KernelBuild kb = new KernelBuild(LinuxSource.tree(), defconfig, objdir, Log.silent()).echoOutput(false);

        MlinException e = assertThrows(MlinException.class, () -> kb.build(cpio));

        Path dotConfig = objdir.resolve(".config");
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(dotConfig, e.problems().get(0).file());
        assertTrue(e.problems().get(0).message().startsWith("CONFIG_EFI_STUB must be y"), e.getMessage());
        assertEquals(kb.initramfsSource().toString(), KernelConfig.read(dotConfig).value("INITRAMFS_SOURCE").orElse(""));
        assertFalse(Files.exists(objdir.resolve("vmlinux")), "the check runs before the compile");
        assertFalse(Files.exists(objdir.resolve(KernelBuild.STAMP_FILE)), "a rejected config is not recorded");
        assertFalse(kb.isConfigured());
    }

    @Test
    void theStampRelinksForTheSameDefconfigAndReconfiguresForAnother(@TempDir Path dir) throws Exception {
        Path cpio = Files.write(dir.resolve("empty.cpio"), new byte[0]);
        TestKernel.build(cpio);
        KernelBuild shared = TestKernel.kernelBuild();
        Path objdir = TestKernel.HOME.resolve("obj");
        assertTrue(shared.isConfigured(), "the shared test kernel was just built");
        Path source = LinuxSource.tree();
        for (String generated : List.of(".config", "include/generated", "include/config", "init/main.o", "vmlinux")) {
            assertFalse(Files.exists(source.resolve(generated)), "the source tree must stay clean: " + generated);
        }

        Path sameContent = Files.copy(TestKernel.defconfig(), dir.resolve("copy_defconfig"));
        assertTrue(new KernelBuild(LinuxSource.tree(), sameContent, objdir, Log.silent()).isConfigured(),
                "the stamp is about the defconfig's content, not its path");

        Path changed = Files.copy(TestKernel.defconfig(), dir.resolve("changed_defconfig"));
        Files.writeString(changed, "CONFIG_PRINTK_TIME=y\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        assertFalse(new KernelBuild(LinuxSource.tree(), changed, objdir, Log.silent()).isConfigured(),
                "a changed defconfig must reconfigure");
        assertFalse(new KernelBuild(LinuxSource.tree(), sameContent, objdir, Log.silent()).sourceId("other").isConfigured(),
                "another source id must reconfigure");
    }

    @Test
    void interruptingABuildKillsMakeAndItsCompilers(@TempDir Path dir) throws Exception {
        Path objdir = dir.resolve("obj");
        Path cpio = Files.write(dir.resolve("empty.cpio"), new byte[0]);
        KernelBuild kb = new KernelBuild(LinuxSource.tree(), TestKernel.defconfig(), objdir, Log.silent())
                .echoOutput(false).jobs(2);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread builder = new Thread(() -> {
            try {
                kb.build(cpio);
            } catch (Throwable t) {
                outcome.set(t);
            }
        }, "kernel build to interrupt");
        builder.start();
        // The compile step's log file appears when make bzImage starts.
        Path compileLog = objdir.resolve("mlin-logs/bzImage.log");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!Files.exists(compileLog) && builder.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        Thread.sleep(3000);
        assertTrue(builder.isAlive(), "the compile should still be running: " + outcome.get());
        assertFalse(processesMentioning(objdir).isEmpty(), "precondition: make runs in " + objdir);

        builder.interrupt();
        builder.join(30_000);

        assertFalse(builder.isAlive(), "the build must stop when interrupted");
        assertInstanceOf(InterruptedException.class, outcome.get());
        Thread.sleep(1000);
        assertEquals(List.of(), processesMentioning(objdir), "make and its children must be gone");
    }

    /** Running processes that name the folder on their command line or work in it (compilers). */
    private static List<String> processesMentioning(Path folder) throws IOException {
        String needle = folder.toString();
        List<String> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .replace('\0', ' ');
                    String cwd = "";
                    try {
                        cwd = Files.readSymbolicLink(p.resolve("cwd")).toString();
                    } catch (IOException | UnsupportedOperationException unreadable) {
                        // not ours to inspect
                    }
                    if (cmdline.contains(needle) || cwd.startsWith(needle)) {
                        found.add(p.getFileName() + ": " + cmdline);
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return found.stream().sorted().collect(Collectors.toList());
    }
}
