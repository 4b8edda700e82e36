package io.mlin.engine.testsupport;

import io.mlin.engine.build.ProcessRunner;
import io.mlin.engine.kernel.KernelBuild;
import io.mlin.engine.kernel.KernelResult;
import io.mlin.engine.util.AtomicFiles;
import io.mlin.engine.util.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A small bootable x86-64 kernel from Debian's linux-source, built with the engine's own
 * {@link KernelBuild} exactly as a tree's kernel package would be: the first use in a test run
 * compiles it (a few minutes on 2 cores; the object folder under target/test-work/kernel is
 * kept between runs, so later runs only relink), every further initramfs is a relink.
 *
 * <p>The defconfig is made with the kernel's own tools: {@code make tinyconfig}, then
 * {@code scripts/config} for what booting under OVMF with a serial console needs
 * ({@link #ENABLED}), {@code make olddefconfig} and {@code make savedefconfig}.
 */
public final class TestKernel {
    /** Options on top of tinyconfig: 64-bit UEFI boot with an initramfs, a serial console and busybox. */
    public static final List<String> ENABLED = List.of("64BIT", "ACPI", "PCI", "EFI", "EFI_STUB", "BLK_DEV_INITRD",
            "PRINTK", "TTY", "SERIAL_8250", "SERIAL_8250_CONSOLE", "BINFMT_ELF", "BINFMT_SCRIPT", "PROC_FS", "SYSFS",
            "DEVTMPFS", "CMDLINE_BOOL", "KERNEL_GZIP");
    /** The initramfs goes in uncompressed, so no decompressor is needed; xz (tinyconfig's choice) is slow on big images. */
    public static final List<String> DISABLED = List.of("KERNEL_XZ", "RD_GZIP", "RD_BZIP2", "RD_LZMA", "RD_XZ",
            "RD_LZO", "RD_LZ4", "RD_ZSTD");
    /** OVMF hands the EFI stub no command line, so the kernel carries its own. */
    public static final String CMDLINE = "console=ttyS0";

    public static final Path HOME = LinuxSource.WORK.resolve("kernel");

    private static Path defconfig;
    private static KernelBuild build;
    private static int copies;

    private TestKernel() {
    }

    /** The defconfig a tree's kernel package would ship, made once per test run. */
    public static synchronized Path defconfig() throws IOException, InterruptedException {
        if (defconfig != null) {
            return defconfig;
        }
        requireBuildTools();
        Path source = LinuxSource.tree();
        Path work = HOME.resolve("defconfig-work");
        Path logs = HOME.resolve("logs");
        LinuxSource.deleteRecursively(work);
        Files.createDirectories(work);
        ProcessRunner runner = new ProcessRunner(Log.silent());
        runner.run(make(source, work, logs, "tinyconfig"));
        List<String> config = new ArrayList<>(List.of(source.resolve("scripts/config").toString(),
                "--file", work.resolve(".config").toString()));
        ENABLED.forEach(o -> config.addAll(List.of("--enable", o)));
        DISABLED.forEach(o -> config.addAll(List.of("--disable", o)));
        config.addAll(List.of("--set-str", "CMDLINE", CMDLINE));
        runner.run(ProcessRunner.Command.of(config).in(work).logTo(logs.resolve("defconfig-scripts-config.log")));
        runner.run(make(source, work, logs, "olddefconfig"));
        runner.run(make(source, work, logs, "savedefconfig"));
        Path result = HOME.resolve("test_defconfig");
        byte[] bytes = Files.readAllBytes(work.resolve("defconfig"));
        // Rewritten only when different, so the file's identity stays what the object folder was configured from.
        if (!Files.exists(result) || !java.util.Arrays.equals(bytes, Files.readAllBytes(result))) {
            AtomicFiles.write(result, out -> out.write(bytes));
        }
        defconfig = result;
        return result;
    }

    private static ProcessRunner.Command make(Path source, Path objdir, Path logs, String target) {
        return ProcessRunner.Command.of("make", "-C", source.toString(), "O=" + objdir, target)
                .in(objdir)
                .logTo(logs.resolve("defconfig-" + target + ".log"))
                .echo(false);
    }

    /** The shared KernelBuild of the test kernel (object folder target/test-work/kernel/obj). */
    public static synchronized KernelBuild kernelBuild() throws IOException, InterruptedException {
        if (build == null) {
            Path source = LinuxSource.tree();
            build = new KernelBuild(source, defconfig(), HOME.resolve("obj"), Log.to(System.out))
                    .logDirectory(HOME.resolve("logs"))
                    .echoOutput(false)
                    .buildEpoch(0);
        }
        return build;
    }

    /**
     * Builds the test kernel with {@code cpio} compiled in (compiling first if needed) and returns
     * the KernelBuild result. The bzImage in it is overwritten by the next build: copy it if kept.
     */
    public static synchronized KernelResult build(Path cpio) throws IOException, InterruptedException {
        KernelBuild kb = kernelBuild();
        boolean fresh = !Files.isRegularFile(HOME.resolve("obj/vmlinux"));
        System.out.println((fresh ? "compiling test kernel (a few minutes)" : "relinking test kernel")
                + " with " + cpio + ", log: " + HOME.resolve("logs/bzImage.log"));
        long start = System.nanoTime();
        KernelResult result = kb.build(cpio);
        System.out.printf("test kernel %s %s in %.1f s: %s%n", result.kernelRelease(),
                result.kind().name().toLowerCase(java.util.Locale.ROOT), (System.nanoTime() - start) / 1e9,
                result.bzImage());
        return result;
    }

    /** Relinks the test kernel with {@code cpio} and returns a copy of its bzImage beside the cpio. */
    public static synchronized Path withInitramfs(Path cpio) throws IOException, InterruptedException {
        KernelResult result = build(cpio);
        String name = cpio.getFileName().toString().replaceFirst("\\.cpio$", "");
        Path copy = cpio.toAbsolutePath().resolveSibling(name + ".bzImage");
        Path temp = copy.resolveSibling(copy.getFileName() + ".tmp" + (++copies));
        Files.copy(result.bzImage(), temp, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.moveIntoPlace(temp, copy);
        return copy;
    }

    private static void requireBuildTools() {
        HostTools.require("make", "make");
        HostTools.require("gcc", "build-essential");
        HostTools.require("flex", "flex");
        HostTools.require("bison", "bison");
        HostTools.require("bc", "bc");
        HostTools.require("gzip", "gzip");
        HostTools.require("perl", "perl");
        HostTools.requireFile(Path.of("/usr/include/libelf.h"), "libelf-dev");
        HostTools.requireFile(Path.of("/usr/include/openssl/ssl.h"), "libssl-dev");
    }
}
