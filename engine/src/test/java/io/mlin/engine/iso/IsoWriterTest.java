package io.mlin.engine.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.RedirectedProcesses;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Reproducibility, dates, the content-derived serial, streaming and the no-half-written-output rule. */
class IsoWriterTest {
    private static final long EPOCH_2023 = 1_700_000_000L; // 2023-11-14 22:13:20 UTC

    @Test
    void sameInputGivesSameBytesAndTheSummaryHashIsTheFiles() throws Exception {
        Path kernel = TestKernels.kernel(5 * 1024 * 1024 + 7, 1);
        Path dir = TestKernels.workDir("determinism");
        IsoSummary first = IsoWriter.write(kernel, dir.resolve("a.iso"), new IsoOptions("SAME", 123));
        Thread.sleep(1100); // a writer that read the clock would now differ in its dates
        IsoSummary second = IsoWriter.write(kernel, dir.resolve("b.iso"), new IsoOptions("SAME", 123));
        assertEquals(-1, TestKernels.firstDifference(dir.resolve("a.iso"), dir.resolve("b.iso")));
        assertEquals(first, second);
        assertEquals(sha256(dir.resolve("a.iso")), first.sha256());

        IsoSummary otherEpoch = IsoWriter.write(kernel, dir.resolve("c.iso"), new IsoOptions("SAME", 124 + 3600));
        assertNotEquals(first.sha256(), otherEpoch.sha256());
        IsoSummary otherId = IsoWriter.write(kernel, dir.resolve("d.iso"), new IsoOptions("OTHER", 123));
        assertNotEquals(first.sha256(), otherId.sha256());
    }

    @Test
    void datesComeFromTheEpochInIsoAndFat() throws Exception {
        Path kernel = TestKernels.kernel(4096, 2);
        Path dir = TestKernels.workDir("dates");
        Path iso = dir.resolve("dated.iso");
        IsoWriter.write(kernel, iso, new IsoOptions("DATED", EPOCH_2023));
        HostTools.require("xorriso", "xorriso");
        String pvd = RedirectedProcesses.check(null, "xorriso", "-indev", iso.toString(), "-pvd_info").stdout();
        assertTrue(pvd.contains("Creation Time: 2023111422132000"), pvd);
        assertTrue(pvd.contains("Modif. Time  : 2023111422132000"), pvd);
        assertTrue(pvd.contains("Expir. Time  : 0000000000000000"), pvd);
        String listing = RedirectedProcesses.check(null, "isoinfo", "-l", "-i", iso.toString()).stdout();
        assertTrue(listing.contains("Nov 14 2023"), listing);
        Path image = IsoVerifiers.extractBootImage(iso, dir.resolve("boot.img"));
        String bootDir = IsoVerifiers.mdir(image, "::/EFI/BOOT");
        assertTrue(bootDir.contains("2023-11-14  22:13"), bootDir);

        // FAT cannot store 1970: the epoch-0 default is stored as the FAT floor, 1980-01-01 00:00
        Path epoch0 = dir.resolve("epoch0.iso");
        IsoWriter.write(kernel, epoch0, new IsoOptions("DATED", 0));
        String old = IsoVerifiers.mdir(IsoVerifiers.extractBootImage(epoch0, dir.resolve("boot0.img")), "::/EFI/BOOT");
        assertTrue(old.contains("1980-01-01   0:00"), old);
        String pvd0 = RedirectedProcesses.check(null, "xorriso", "-indev", epoch0.toString(), "-pvd_info").stdout();
        assertTrue(pvd0.contains("Creation Time: 1970010100000000"), pvd0);
    }

    @Test
    void fatSerialFollowsTheKernelContentNotTheClock() throws Exception {
        Path dir = TestKernels.workDir("serial");
        long size = 100_000;
        String a1 = serialOf(TestKernels.kernel(size, 10), dir, "a1");
        String a2 = serialOf(TestKernels.kernel(size, 10), dir, "a2");
        String b = serialOf(TestKernels.kernel(size, 11), dir, "b");
        assertEquals(a1, a2);
        assertNotEquals(a1, b);
        // documented rule: the serial is the CRC-32C of the kernel
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(Files.readAllBytes(TestKernels.kernel(size, 10)));
        assertEquals(String.format("%08X", crc.getValue()), a1);
    }

    private static String serialOf(Path kernel, Path dir, String name) throws Exception {
        Path iso = dir.resolve(name + ".iso");
        IsoWriter.write(kernel, iso, new IsoOptions("S", 0));
        String minfo = IsoVerifiers.minfo(IsoVerifiers.extractBootImage(iso, dir.resolve(name + ".img")));
        return IsoVerifiers.find(minfo, "serial number: ([0-9A-F]+)");
    }

    @Test
    void badKernelsAreErrorsNamingTheFileAndLeaveTheOldOutputAlone() throws Exception {
        Path dir = TestKernels.workDir("atomic");
        Path out = dir.resolve("keep.iso");
        Files.writeString(out, "previous build");
        Path missing = dir.resolve("no-such-bzImage");
        Path empty = Files.createFile(dir.resolve("empty-bzImage"));
        Path folder = Files.createDirectory(dir.resolve("a-folder"));
        for (Path kernel : List.of(missing, empty, folder)) {
            MlinException e = assertThrows(MlinException.class,
                    () -> IsoWriter.write(kernel, out, new IsoOptions("X", 0)));
            assertEquals(kernel, e.problems().get(0).file(), e.getMessage());
            assertTrue(e.getMessage().startsWith(kernel.toString() + ": "), e.getMessage());
        }
        assertEquals("previous build", Files.readString(out));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("a-folder", "empty-bzImage", "keep.iso"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    @Test
    void aFailureWhileWritingLeavesNoFileBehind() throws Exception {
        Path dir = TestKernels.workDir("failing");
        Path kernel = TestKernels.kernel(200_000, 3);
        Path out = dir.resolve("never.iso");
        // the output's folder is a file: the temporary file cannot even be created
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        assertThrows(java.io.IOException.class,
                () -> IsoWriter.write(kernel, notAFolder.resolve("x.iso"), new IsoOptions("X", 0)));
        // the output is the kernel itself
        MlinException self = assertThrows(MlinException.class,
                () -> IsoWriter.write(kernel, kernel, new IsoOptions("X", 0)));
        assertTrue(self.getMessage().contains("overwrite its own kernel"), self.getMessage());
        MlinException folder = assertThrows(MlinException.class,
                () -> IsoWriter.write(kernel, dir, new IsoOptions("X", 0)));
        assertTrue(folder.getMessage().startsWith(dir + ": expected the path of the ISO file"), folder.getMessage());
        assertTrue(!Files.exists(out));
    }

    @Test
    void anInterruptedWriteStopsAndLeavesNothing() throws Exception {
        Path dir = TestKernels.workDir("interrupted");
        Path kernel = TestKernels.kernel(3 * 1024 * 1024, 4);
        Path out = dir.resolve("stopped.iso");
        Thread.currentThread().interrupt(); // as a Jenkins abort does to the build thread
        try {
            assertThrows(java.io.IOException.class, () -> IsoWriter.write(kernel, out, new IsoOptions("X", 0)));
        } finally {
            Thread.interrupted();
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "neither the ISO nor a temporary file");
        }
    }

    @Test
    void writesA70MiBKernelWithA16MiBHeap() throws Exception {
        Path kernel = TestKernels.kernel(70L * 1024 * 1024, 70L * 1024 * 1024);
        Path dir = TestKernels.workDir("small-heap");
        Path iso = dir.resolve("small-heap.iso");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        RedirectedProcesses.check(dir, java.toString(), "-Xmx16m", "-cp", System.getProperty("java.class.path"),
                "io.mlin.engine.cli.Main", "iso", kernel.toString(), "-o", iso.toString(), "--epoch", "0");
        IsoSummary inProcess = IsoWriter.write(kernel, dir.resolve("reference.iso"), new IsoOptions("SMALL_HEAP", 0));
        assertEquals(inProcess.sha256(), sha256(iso), "the small-heap run wrote the same ISO");
        TestKernels.workDir("small-heap"); // passed: drop the two 71 MiB ISOs
    }

    static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
