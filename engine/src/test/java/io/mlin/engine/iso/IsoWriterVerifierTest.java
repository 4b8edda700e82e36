package io.mlin.engine.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every reader we have accepts our ISOs, at sizes on both sides of the FAT12/FAT16 boundary and of
 * the 16-bit El Torito sector count: isoinfo, xorriso, fsck.fat and mtools, and the kernel read
 * back out of the ISO is the input.
 */
class IsoWriterVerifierTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    /** The rule the docs give: kernel + 1 MiB, rounded up to whole 2048-byte ISO sectors. */
    static long expectedImageBytes(long kernel) {
        return (kernel + MIB + 2047) / 2048 * 2048;
    }

    /** The largest kernel (in 2048-byte steps) whose image is FAT12, and the next one, which is FAT16. */
    static long[] fat12Boundary() {
        long last12 = LongStream.iterate(2048, k -> k + 2048)
                .takeWhile(k -> FatLayout.forKernel(k).fatBits() == 12)
                .max().orElseThrow();
        return new long[] {last12, last12 + 2048};
    }

    static Stream<Long> kernelSizes() {
        long[] fat = fat12Boundary();
        long lastCountedImage = 65532L * 512; // the biggest 2048-multiple whose count fits 16 bits
        return Stream.of(
                1 * KIB, 3 * MIB, 15 * MIB, 33 * MIB, 70 * MIB,
                fat[0], fat[1],
                lastCountedImage - MIB, lastCountedImage - MIB + 1);
    }

    @ParameterizedTest(name = "kernel of {0} bytes")
    @MethodSource("kernelSizes")
    void everyVerifierAcceptsTheIso(long kernelBytes) throws Exception {
        Path kernel = TestKernels.kernel(kernelBytes, kernelBytes);
        Path dir = TestKernels.workDir("verifiers-" + kernelBytes);
        Path iso = dir.resolve("test.iso");
        IsoSummary summary = IsoWriter.write(kernel, iso, new IsoOptions("MLIN_TEST_1", 1_700_000_000L));

        long imageBytes = expectedImageBytes(kernelBytes);
        long imageSectors = imageBytes / 2048;
        long volumeSectors = 26 + imageSectors + 150;
        int expectedCount = imageSectors * 4 <= 65535 ? (int) (imageSectors * 4) : 0;
        assertEquals(imageBytes, summary.bootImageBytes());
        assertEquals(volumeSectors * 2048, summary.isoBytes());
        assertEquals(volumeSectors * 2048, Files.size(iso));
        assertEquals(expectedCount, summary.elToritoSectorCount());

        IsoVerifiers.IsoInfo info = IsoVerifiers.isoinfoD(iso);
        assertEquals("LINUX", info.systemId());
        assertEquals("MLIN_TEST_1", info.volumeId());
        assertEquals(volumeSectors, info.volumeSectors());
        assertEquals(25, info.catalogLba());
        assertEquals(0xEF, info.platform());
        assertEquals(0x88, info.bootIndicator());
        assertEquals(0, info.mediaType());
        assertEquals(expectedCount, info.sectorCount());
        assertEquals(26, info.loadLba());
        assertTrue(info.raw().contains("NO Joliet present") && info.raw().contains("NO Rock Ridge present"), info.raw());

        assertEquals(List.of(new IsoVerifiers.IsoEntry("BOOT.CAT;1", 2048, 25),
                new IsoVerifiers.IsoEntry("BOOT.IMG;1", imageBytes, 26)), IsoVerifiers.isoinfoL(iso));

        IsoVerifiers.XorrisoBoot boot = IsoVerifiers.xorrisoElTorito(iso);
        assertEquals("UEFI", boot.platform());
        assertEquals("none", boot.emulation());
        assertEquals(expectedCount, boot.loadSize());
        assertEquals(26, boot.lba());

        Path image = IsoVerifiers.extractBootImage(iso, dir.resolve("boot.img"));
        assertEquals(imageBytes, Files.size(image));
        byte[] bootSector = new byte[512];
        try (var in = Files.newInputStream(image)) {
            assertEquals(512, in.readNBytes(bootSector, 0, 512));
        }
        for (int i = 0x1BE; i < 0x1FE; i++) {
            assertEquals(0, bootSector[i], "the MBR partition-table area must stay zero, byte " + i);
        }
        assertEquals((byte) 0x55, bootSector[510]);
        assertEquals((byte) 0xAA, bootSector[511]);
        IsoVerifiers.FsckInfo fsck = IsoVerifiers.fsckFat(image);
        // The type the volume declares must be the one its cluster count gives, as EDK2 decides it
        int bitsByClusterCount = fsck.dataClusters() < 4085 ? 12 : 16;
        assertEquals(bitsByClusterCount, fsck.fatBits(), fsck.raw());
        assertTrue(fsck.dataClusters() < 65525, fsck.raw());
        assertEquals("FAT" + bitsByClusterCount, summary.fatType());
        assertTrue(fsck.raw().contains("Media byte 0xf8"), fsck.raw());
        assertTrue(fsck.raw().contains("2 FATs"), fsck.raw());
        assertTrue(fsck.raw().contains("4 files"), "label, EFI, BOOT, BOOTX64.EFI:\n" + fsck.raw());

        String minfo = IsoVerifiers.minfo(image);
        assertTrue(minfo.contains("disk type=\"FAT" + bitsByClusterCount), minfo);
        assertTrue(minfo.contains("label=\"EFI        \""), minfo);

        String root = IsoVerifiers.mdir(image, "::/");
        assertTrue(root.contains("Volume in drive : is EFI"), root);
        assertEquals(List.of("EFI"), entryNames(root));
        assertEquals(List.of(".", "..", "BOOT"), entryNames(IsoVerifiers.mdir(image, "::/EFI")));
        String bootDir = IsoVerifiers.mdir(image, "::/EFI/BOOT");
        assertEquals(List.of(".", "..", "BOOTX64 EFI"), entryNames(bootDir));

        Path copied = IsoVerifiers.mcopyOut(image, "::/EFI/BOOT/BOOTX64.EFI", dir.resolve("BOOTX64.EFI"));
        assertEquals(kernelBytes, Files.size(copied));
        assertEquals(-1, TestKernels.firstDifference(kernel, copied), "the kernel read back from the ISO differs");
        TestKernels.workDir("verifiers-" + kernelBytes); // leaves an empty folder: the big outputs go
    }

    /** Names in an mdir listing, "NAME EXT" as mdir prints 8.3 names. */
    static List<String> entryNames(String mdirOutput) {
        return mdirOutput.lines()
                .filter(l -> l.length() > 13 && !l.startsWith(" ") && !l.startsWith("Directory for"))
                .map(l -> l.substring(0, 12).trim().replaceAll("\\s+", " "))
                .toList();
    }

}
