package io.mlin.engine.iso;

import io.mlin.engine.MlinException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Streams a FAT12/16 volume holding exactly {@code /EFI/BOOT/BOOTX64.EFI}, the way UEFI firmware
 * looks for a removable medium's boot loader. Everything but the kernel is built in small buffers
 * (the largest is one FAT, at most 128 KiB); the kernel is copied through once, contiguous from
 * cluster 4.
 */
final class FatImageWriter {
    static final String LABEL = "EFI";
    private static final byte MEDIA_FIXED_DISK = (byte) 0xF8;
    private static final int ATTR_VOLUME_LABEL = 0x08;
    private static final int ATTR_DIRECTORY = 0x10;
    private static final int ATTR_ARCHIVE = 0x20;
    private static final int COPY_BUFFER = 1 << 20;

    private final FatLayout layout;
    private final int volumeSerial;
    private final Timestamps time;

    /**
     * @param volumeSerial the boot sector's serial number; the caller derives it from the kernel's
     *     content so that the same kernel gives the same bytes
     */
    FatImageWriter(FatLayout layout, int volumeSerial, Timestamps time) {
        this.layout = layout;
        this.volumeSerial = volumeSerial;
        this.time = time;
    }

    /**
     * Writes the whole image, {@link FatLayout#imageBytes()} bytes, copying the kernel from
     * {@code kernel}. Returns the CRC-32C of the kernel bytes copied, so the caller can tell that
     * the file did not change since it was measured.
     */
    long write(OutputStream out, InputStream kernel, Path kernelName) throws IOException {
        out.write(bootSector());
        byte[] fat = fat();
        for (int copy = 0; copy < FatLayout.FAT_COPIES; copy++) {
            out.write(fat);
        }
        out.write(rootDirectory());
        out.write(subdirectoryCluster(FatLayout.EFI_DIR_CLUSTER, 0,
                entry("BOOT", "", ATTR_DIRECTORY, FatLayout.BOOT_DIR_CLUSTER, 0)));
        out.write(subdirectoryCluster(FatLayout.BOOT_DIR_CLUSTER, FatLayout.EFI_DIR_CLUSTER,
                entry("BOOTX64", "EFI", ATTR_ARCHIVE, FatLayout.KERNEL_FIRST_CLUSTER, layout.kernelBytes())));
        long crc = copyKernel(kernel, out, kernelName);
        long written = (layout.dataStartSector() + 2L * layout.sectorsPerCluster()) * FatLayout.SECTOR
                + layout.kernelBytes();
        IsoStreams.writeZeros(out, layout.imageBytes() - written);
        return crc;
    }

    private long copyKernel(InputStream kernel, OutputStream out, Path kernelName) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[COPY_BUFFER];
        long remaining = layout.kernelBytes();
        while (remaining > 0) {
            if (Thread.currentThread().isInterrupted()) {
                throw new java.io.InterruptedIOException("stopped while copying " + kernelName);
            }
            int n = kernel.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new MlinException(kernelName + ": the file shrank while the ISO was written (expected "
                        + layout.kernelBytes() + " bytes)");
            }
            crc.update(buffer, 0, n);
            out.write(buffer, 0, n);
            remaining -= n;
        }
        if (kernel.read() >= 0) {
            throw new MlinException(kernelName + ": the file grew while the ISO was written (expected "
                    + layout.kernelBytes() + " bytes)");
        }
        return crc.getValue();
    }

    /** Boot sector with the DOS 4.0 extended BIOS parameter block, as mformat writes for FAT12/16. */
    byte[] bootSector() {
        ByteBuffer b = ByteBuffer.allocate(FatLayout.SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0xEB, 0x3C, (byte) 0x90}); // jmp to 0x3E, nop
        b.put(ascii("MLIN", 8));
        b.putShort((short) FatLayout.SECTOR);
        b.put((byte) layout.sectorsPerCluster());
        b.putShort((short) FatLayout.RESERVED_SECTORS);
        b.put((byte) FatLayout.FAT_COPIES);
        b.putShort((short) FatLayout.ROOT_ENTRIES);
        boolean small = layout.totalSectors() <= 0xFFFF;
        b.putShort((short) (small ? layout.totalSectors() : 0));
        b.put(MEDIA_FIXED_DISK);
        b.putShort((short) layout.sectorsPerFat());
        b.putShort((short) FatLayout.SECTORS_PER_TRACK);
        b.putShort((short) layout.heads());
        b.putInt(0); // hidden sectors: the volume starts at its own sector 0
        b.putInt(small ? 0 : (int) layout.totalSectors());
        b.put((byte) 0x80); // drive number: a fixed disk, matching media 0xF8
        b.put((byte) 0);
        b.put((byte) 0x29); // extended boot signature: serial, label and type follow
        b.putInt(volumeSerial);
        b.put(ascii(LABEL, 11));
        b.put(ascii(layout.fatType(), 8));
        // 0x3E: a BIOS that boots this sector anyway halts instead of running zeros (cli; hlt; jmp hlt)
        b.put(new byte[] {(byte) 0xFA, (byte) 0xF4, (byte) 0xEB, (byte) 0xFD});
        // 0x1BE-0x1FD stays zero: no partition table, so nothing mistakes the volume for a partitioned disk
        b.put(510, (byte) 0x55);
        b.put(511, (byte) 0xAA);
        return b.array();
    }

    /** One FAT copy: media and end-of-chain markers, one chain per directory, the kernel's chain in order. */
    byte[] fat() {
        byte[] fat = new byte[layout.sectorsPerFat() * FatLayout.SECTOR];
        int endOfChain = layout.fatBits() == 12 ? 0xFFF : 0xFFFF;
        int mask = endOfChain;
        setFatEntry(fat, 0, (0xFF00 | (MEDIA_FIXED_DISK & 0xFF)) & mask);
        setFatEntry(fat, 1, endOfChain); // FAT16 entry 1 all ones: the volume is clean
        setFatEntry(fat, FatLayout.EFI_DIR_CLUSTER, endOfChain);
        setFatEntry(fat, FatLayout.BOOT_DIR_CLUSTER, endOfChain);
        long last = layout.lastUsedCluster();
        for (long cluster = FatLayout.KERNEL_FIRST_CLUSTER; cluster < last; cluster++) {
            setFatEntry(fat, (int) cluster, (int) cluster + 1);
        }
        setFatEntry(fat, (int) last, endOfChain);
        return fat;
    }

    private void setFatEntry(byte[] fat, int cluster, int value) {
        if (layout.fatBits() == 16) {
            fat[cluster * 2] = (byte) value;
            fat[cluster * 2 + 1] = (byte) (value >>> 8);
            return;
        }
        // FAT12 packs two entries into three bytes: even entries own the low 12 bits
        int offset = cluster * 3 / 2;
        if ((cluster & 1) == 0) {
            fat[offset] = (byte) value;
            fat[offset + 1] = (byte) ((fat[offset + 1] & 0xF0) | ((value >>> 8) & 0x0F));
        } else {
            fat[offset] = (byte) ((fat[offset] & 0x0F) | ((value << 4) & 0xF0));
            fat[offset + 1] = (byte) (value >>> 4);
        }
    }

    private byte[] rootDirectory() {
        byte[] root = new byte[FatLayout.ROOT_SECTORS * FatLayout.SECTOR];
        System.arraycopy(entry(LABEL, "", ATTR_VOLUME_LABEL, 0, 0), 0, root, 0, 32);
        System.arraycopy(entry("EFI", "", ATTR_DIRECTORY, FatLayout.EFI_DIR_CLUSTER, 0), 0, root, 32, 32);
        return root;
    }

    /** A directory cluster: {@code .}, {@code ..} (cluster 0 means the root), then one entry. */
    private byte[] subdirectoryCluster(int self, int parent, byte[] child) {
        byte[] cluster = new byte[layout.clusterBytes()];
        System.arraycopy(entry(".", "", ATTR_DIRECTORY, self, 0), 0, cluster, 0, 32);
        System.arraycopy(entry("..", "", ATTR_DIRECTORY, parent, 0), 0, cluster, 32, 32);
        System.arraycopy(child, 0, cluster, 64, 32);
        return cluster;
    }

    /** A 32-byte 8.3 directory entry (no long-name entries); every date is the image's one instant. */
    private byte[] entry(String name, String extension, int attributes, long firstCluster, long size) {
        ByteBuffer e = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        e.put(ascii(name, 8));
        e.put(ascii(extension, 3));
        e.put((byte) attributes);
        e.put((byte) 0); // reserved (case flags)
        e.put((byte) 0); // creation time, 10 ms units
        e.putShort((short) time.fatTime());
        e.putShort((short) time.fatDate());
        e.putShort((short) time.fatDate()); // last access date
        e.putShort((short) (firstCluster >>> 16)); // high cluster word, 0 on FAT12/16
        e.putShort((short) time.fatTime());
        e.putShort((short) time.fatDate());
        e.putShort((short) firstCluster);
        e.putInt((int) size);
        return e.array();
    }

    /** {@code text} padded with spaces to {@code length} bytes, as FAT names and labels are stored. */
    static byte[] ascii(String text, int length) {
        byte[] out = new byte[length];
        java.util.Arrays.fill(out, (byte) ' ');
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, out, 0, bytes.length);
        return out;
    }
}
