package io.mlin.engine.iso;

import io.mlin.engine.MlinException;

/**
 * Geometry of the FAT boot image for a kernel of a given size.
 *
 * <p>Size: the kernel plus 1 MiB (as MLin's makeiso.sh), rounded up to a whole 2048-byte ISO sector
 * so the image fills its ISO extent. Sectors per cluster: the smallest power of two that keeps the
 * cluster count below 65525, so the volume is FAT12 or FAT16 (never FAT32) for kernels up to about
 * 4 GiB. FAT12 or FAT16 then follows from the cluster count exactly as EDK2's FatDxe, Linux and
 * dosfstools classify it: fewer than 4085 clusters is FAT12.
 *
 * @param kernelBytes size of {@code BOOTX64.EFI}
 * @param totalSectors 512-byte sectors in the image
 * @param sectorsPerCluster a power of two from 1 to 128
 * @param sectorsPerFat sectors of one FAT copy
 * @param clusterCount data clusters (EDK2's MaxCluster), numbered 2 to clusterCount + 1
 * @param fatBits 12 or 16
 * @param heads CHS heads in the boot sector (63 sectors per track, as mformat)
 */
record FatLayout(long kernelBytes, long totalSectors, int sectorsPerCluster, int sectorsPerFat, long clusterCount,
        int fatBits, int heads) {

    static final int SECTOR = 512;
    static final int RESERVED_SECTORS = 1;
    static final int FAT_COPIES = 2;
    static final int ROOT_ENTRIES = 512;
    static final int ROOT_SECTORS = ROOT_ENTRIES * 32 / SECTOR;
    static final int SECTORS_PER_TRACK = 63;
    static final long SLACK_BYTES = 1 << 20;
    /** EDK2 FatDxe: fewer clusters than this is FAT12. */
    static final long FAT12_LIMIT = 4085;
    /** EDK2 FatDxe: a FAT12/16 volume with this many clusters or more is refused. */
    static final long FAT16_LIMIT = 65525;
    /** Cluster 2 holds directory EFI, cluster 3 directory BOOT, the kernel starts at cluster 4. */
    static final int EFI_DIR_CLUSTER = 2;
    static final int BOOT_DIR_CLUSTER = 3;
    static final int KERNEL_FIRST_CLUSTER = 4;

    /** Lays out the image for a kernel of {@code kernelBytes}; a kernel too large for FAT16 is an error. */
    static FatLayout forKernel(long kernelBytes) {
        if (kernelBytes <= 0) {
            throw new MlinException("the kernel is empty: an EFI boot image needs a non-empty BOOTX64.EFI");
        }
        long imageBytes = roundUp(kernelBytes + SLACK_BYTES, 2048);
        if (imageBytes > 0xFFFF_FFFFL) {
            throw tooLarge(kernelBytes);
        }
        long totalSectors = imageBytes / SECTOR;
        for (int spc = 1; spc <= 128; spc <<= 1) {
            FatLayout layout = withClusterSize(kernelBytes, totalSectors, spc);
            if (layout.clusterCount < FAT16_LIMIT) {
                if (layout.lastUsedCluster() > layout.clusterCount + 1) {
                    throw tooLarge(kernelBytes); // cannot happen with 1 MiB of slack; guards the arithmetic
                }
                return layout;
            }
        }
        throw tooLarge(kernelBytes);
    }

    /**
     * Finds the FAT size for a fixed cluster size. The FAT must hold an entry for every cluster, but
     * its sectors come out of the data area, so grow it until it is big enough for what is left.
     */
    static FatLayout withClusterSize(long kernelBytes, long totalSectors, int sectorsPerCluster) {
        int sectorsPerFat = 1;
        while (true) {
            long dataSectors = totalSectors - RESERVED_SECTORS - (long) FAT_COPIES * sectorsPerFat - ROOT_SECTORS;
            long clusters = Math.max(0, dataSectors / sectorsPerCluster);
            int bits = clusters < FAT12_LIMIT ? 12 : 16;
            long fatBytes = (clusters + 2) * bits / 8 + ((clusters + 2) * bits % 8 == 0 ? 0 : 1);
            long needed = roundUp(fatBytes, SECTOR) / SECTOR;
            if (needed <= sectorsPerFat) {
                return new FatLayout(kernelBytes, totalSectors, sectorsPerCluster, sectorsPerFat, clusters, bits,
                        headsFor(totalSectors));
            }
            sectorsPerFat = (int) needed;
        }
    }

    /** Like mformat: 16 heads while the cylinder count stays within 1024, then doubling up to 255. */
    static int headsFor(long totalSectors) {
        for (int heads : new int[] {16, 32, 64, 128}) {
            if (totalSectors <= (long) heads * SECTORS_PER_TRACK * 1024) {
                return heads;
            }
        }
        return 255;
    }

    private static MlinException tooLarge(long kernelBytes) {
        return new MlinException("the kernel is " + kernelBytes
                + " bytes: too large for a FAT16 EFI boot image (at most about 4 GiB with 64 KiB clusters; FAT32 is not used)");
    }

    static long roundUp(long value, long unit) {
        return (value + unit - 1) / unit * unit;
    }

    long imageBytes() {
        return totalSectors * SECTOR;
    }

    String fatType() {
        return "FAT" + fatBits;
    }

    int clusterBytes() {
        return sectorsPerCluster * SECTOR;
    }

    long rootStartSector() {
        return RESERVED_SECTORS + (long) FAT_COPIES * sectorsPerFat;
    }

    long dataStartSector() {
        return rootStartSector() + ROOT_SECTORS;
    }

    long kernelClusters() {
        return roundUp(kernelBytes, clusterBytes()) / clusterBytes();
    }

    long lastUsedCluster() {
        return KERNEL_FIRST_CLUSTER + kernelClusters() - 1;
    }
}
