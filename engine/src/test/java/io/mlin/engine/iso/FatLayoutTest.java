package io.mlin.engine.iso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The FAT geometry holds together at every size: checked against the FAT rules, not against our own numbers. */
class FatLayoutTest {
    private static final long MIB = 1024 * 1024;

    /** What any FAT reader needs from a geometry, and EDK2's classification of its type. */
    private static void assertConsistent(FatLayout l) {
        String at = "kernel " + l.kernelBytes() + ": " + l;
        long dataSectors = l.totalSectors() - 1 - 2L * l.sectorsPerFat() - 32;
        assertEquals(dataSectors / l.sectorsPerCluster(), l.clusterCount(), at);
        assertEquals(l.clusterCount() < 4085 ? 12 : 16, l.fatBits(), at);
        assertTrue(l.clusterCount() < 65525, "never FAT32: " + at);
        assertTrue(Integer.bitCount(l.sectorsPerCluster()) == 1 && l.sectorsPerCluster() <= 128, at);
        // every cluster, plus the two reserved entries, has a FAT entry
        assertTrue((long) l.sectorsPerFat() * 512 * 8 >= (l.clusterCount() + 2) * l.fatBits(), at);
        // the kernel and the two directory clusters fit in the data area
        long needed = 2 + (l.kernelBytes() + l.clusterBytes() - 1) / l.clusterBytes();
        assertTrue(needed <= l.clusterCount(), at);
        assertEquals((l.kernelBytes() + MIB + 2047) / 2048 * 2048, l.imageBytes(), at);
    }

    @Test
    void everySmallSizeIsConsistentAndBothFatTypesOccur() {
        int fat12 = 0;
        int fat16 = 0;
        for (long kernel = 1; kernel <= 6 * MIB; kernel += 511) {
            FatLayout l = FatLayout.forKernel(kernel);
            assertConsistent(l);
            if (l.fatBits() == 12) {
                fat12++;
            } else {
                fat16++;
            }
        }
        assertTrue(fat12 > 0 && fat16 > 0, "FAT12 " + fat12 + ", FAT16 " + fat16);
    }

    @ParameterizedTest
    @ValueSource(longs = {15 * MIB, 33 * MIB, 70 * MIB, 100 * MIB, 600 * MIB, 1024 * MIB, 2048 * MIB, 2048 * MIB + 1,
        3072 * MIB, 4096 * MIB - 2 * MIB})
    void largeKernelsStayFat16(long kernel) {
        FatLayout l = FatLayout.forKernel(kernel);
        assertConsistent(l);
        assertEquals(16, l.fatBits());
    }

    @Test
    void sectorsPerClusterIsTheSmallestThatKeepsFat16() {
        FatLayout l = FatLayout.forKernel(2048 * MIB);
        FatLayout half = FatLayout.withClusterSize(l.kernelBytes(), l.totalSectors(), l.sectorsPerCluster() / 2);
        assertTrue(half.clusterCount() >= 65525, "a smaller cluster would have been enough: " + half);
    }

    @Test
    void headsGrowLikeMformatPast504MiB() {
        assertEquals(16, FatLayout.forKernel(100 * MIB).heads());
        assertEquals(32, FatLayout.forKernel(600 * MIB).heads());
    }

    @Test
    void emptyAndOversizedKernelsAreClearErrors() {
        MlinException empty = assertThrows(MlinException.class, () -> FatLayout.forKernel(0));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        MlinException huge = assertThrows(MlinException.class, () -> FatLayout.forKernel(4096 * MIB));
        assertTrue(huge.getMessage().contains("too large"), huge.getMessage());
    }

    @Test
    void elToritoCountIsGenisoimagesWhileItFitsAndZeroAfter() {
        assertEquals(4, IsoStructures.elToritoSectorCount(1));
        assertEquals(6020, IsoStructures.elToritoSectorCount(3081216)); // the MLin sample in docs/iso.md
        assertEquals(65532, IsoStructures.elToritoSectorCount(65532L * 512));
        assertEquals(0, IsoStructures.elToritoSectorCount(65532L * 512 + 1));
        assertEquals(0, IsoStructures.elToritoSectorCount(36L * MIB)); // genisoimage writes 8192 here
    }
}
