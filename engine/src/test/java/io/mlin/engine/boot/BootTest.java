package io.mlin.engine.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.iso.IsoOptions;
import io.mlin.engine.iso.IsoWriter;
import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.Processes;
import io.mlin.engine.testsupport.QemuUefi;
import io.mlin.engine.testsupport.TestKernel;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real thing: an initramfs from a cpio list, relinked into the test kernel, put in an ISO by
 * the engine's IsoWriter, booted by OVMF under QEMU. The marker on the serial console proves
 * that UEFI found and started the kernel, the kernel unpacked our initramfs and ran its /init.
 */
class BootTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(300);
    private static final long MIB = 1024 * 1024;
    /** What OVMF prints when it cannot load the boot file from the DVD (iso.md, section 4). */
    private static final List<String> FIRMWARE_GAVE_UP = List.of("failed to load Boot", "Shell>");
    /**
     * Padding for the big kernel. The bzImage lands just above 40 MiB, inside the range where
     * genisoimage's 16-bit El Torito sector count wraps to a too-small partition (32 MiB to about
     * 42.7 MiB of boot image): the size MLin's genisoimage ISO cannot boot.
     */
    private static final long PADDING_BYTES = 38 * MIB + 512 * 1024;

    @Test
    void busyboxInitBootsFromOurIso() throws Exception {
        Path cpio = BootFixtures.initramfs(BootFixtures.WORK.resolve("small.cpio"), BootFixtures.busyboxList());
        Path kernel = TestKernel.withInitramfs(cpio);
        Path iso = BootFixtures.WORK.resolve("small.iso");
        IsoWriter.write(kernel, iso, IsoOptions.defaults("MLINTEST"));

        QemuUefi.Boot boot = QemuUefi.boot(iso, BootFixtures.MARKER, FIRMWARE_GAVE_UP, TIMEOUT,
                BootFixtures.WORK.resolve("small-console.log"));

        assertTrue(boot.markerSeen(), boot.describe("no '" + BootFixtures.MARKER + "' on the console"));
        assertTrue(boot.exitedByItself(), boot.describe("the guest did not power off"));
        String version = boot.console().lines().filter(l -> l.startsWith("Linux version ")).findFirst().orElse("");
        assertTrue(version.contains("(mlin@mlin)") && version.contains("#1 Thu Jan 1 00:00:00 UTC 1970"),
                "the fixed build user, host, number and timestamp must reach the kernel: " + version);
        System.out.printf("small kernel (%d bytes) booted in %.1f s%n", Files.size(kernel), boot.seconds());
    }

    @Test
    void kernelLargerThan40MiBBootsFromOurIso() throws Exception {
        Path padding = BootFixtures.paddingList("padding-big", PADDING_BYTES, 42);
        Path cpio = BootFixtures.initramfs(BootFixtures.WORK.resolve("big.cpio"), BootFixtures.busyboxList(), padding);
        Path kernel = TestKernel.withInitramfs(cpio);
        long size = Files.size(kernel);
        assertTrue(size > 40 * MIB, "the big kernel must exceed 40 MiB, is " + size);
        Path iso = BootFixtures.WORK.resolve("big.iso");
        IsoWriter.write(kernel, iso, IsoOptions.defaults("MLINTEST"));

        QemuUefi.Boot boot = QemuUefi.boot(iso, BootFixtures.MARKER, FIRMWARE_GAVE_UP, TIMEOUT,
                BootFixtures.WORK.resolve("big-console.log"));

        assertTrue(boot.markerSeen(), boot.describe("no '" + BootFixtures.MARKER + "' on the console"));
        assertTrue(boot.exitedByItself(), boot.describe("the guest did not power off"));
        System.out.printf("big kernel (%d bytes) booted in %.1f s%n", size, boot.seconds());
    }

    /**
     * The bug our IsoWriter avoids, reproduced: the same big kernel in an ISO made the way
     * MLin's makeiso.sh makes it (mtools FAT image of kernel + 1 MiB, genisoimage) gets a
     * wrapped sector count, and OVMF cannot load it.
     */
    @Test
    void bigKernelInMlinsGenisoimageIsoDoesNotBoot() throws Exception {
        Path mformat = HostTools.require("mformat", "mtools");
        Path mmd = HostTools.require("mmd", "mtools");
        Path mcopy = HostTools.require("mcopy", "mtools");
        Path genisoimage = HostTools.require("genisoimage", "genisoimage");
        Path padding = BootFixtures.paddingList("padding-big", PADDING_BYTES, 42);
        Path cpio = BootFixtures.initramfs(BootFixtures.WORK.resolve("big-mlin.cpio"), BootFixtures.busyboxList(), padding);
        Path kernel = TestKernel.withInitramfs(cpio);

        Path dir = BootFixtures.WORK.resolve("mlin-iso");
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("boot.img"));
        long imageSize = Files.size(kernel) + MIB;
        try (RandomAccessFile image = new RandomAccessFile(dir.resolve("boot.img").toFile(), "rw")) {
            image.setLength(imageSize);
        }
        long sectors2k = (imageSize + 2047) / 2048;
        long wrappedCount = (sectors2k * 4) % 65536;
        assertTrue(wrappedCount * 2048 < imageSize,
                "precondition: a " + imageSize + "-byte boot image must fall in genisoimage's wraparound range");
        String img = dir.resolve("boot.img").toString();
        Processes.check(dir, mformat.toString(), "-i", img, "-v", "EFI", "::");
        Processes.check(dir, mmd.toString(), "-i", img, "::/EFI");
        Processes.check(dir, mmd.toString(), "-i", img, "::/EFI/BOOT");
        Processes.check(dir, mcopy.toString(), "-i", img, kernel.toString(), "::/EFI/BOOT/BOOTX64.EFI");
        Path iso = BootFixtures.WORK.resolve("big-mlin.iso");
        Processes.check(dir, genisoimage.toString(), "-quiet", "-efi-boot", "boot.img", "-no-emul-boot",
                "-input-charset", "utf-8", "-output", iso.toString(), dir.toString());

        QemuUefi.Boot boot = QemuUefi.boot(iso, BootFixtures.MARKER, FIRMWARE_GAVE_UP, TIMEOUT,
                BootFixtures.WORK.resolve("big-mlin-console.log"));

        assertFalse(boot.markerSeen(), boot.describe("MLin's genisoimage ISO was expected not to boot"));
        assertNotNull(boot.failureSeen(), boot.describe("expected OVMF to report that it could not load the DVD"));
        assertEquals(FIRMWARE_GAVE_UP.get(0), FIRMWARE_GAVE_UP.stream().filter(boot.console()::contains)
                .findFirst().orElse(null), boot.describe("expected OVMF's 'failed to load Boot' message"));
    }
}
