package io.mlin.engine.iso;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The 2048-byte sectors of an ISO 9660 volume with one El Torito EFI boot image, laid out at the
 * LBAs genisoimage uses for MLin's ISOs (so the two compare structurally).
 */
final class IsoStructures {
    static final int SECTOR = 2048;
    static final int PVD_LBA = 16;
    static final int BOOT_RECORD_LBA = 17;
    static final int TERMINATOR_LBA = 18;
    static final int L_PATH_TABLE_LBA = 20;
    static final int M_PATH_TABLE_LBA = 22;
    static final int ROOT_DIR_LBA = 24;
    static final int CATALOG_LBA = 25;
    static final int IMAGE_LBA = 26;
    /** genisoimage's default trailing pad: kept so volume sizes match MLin's ISOs (and old drives' read-ahead is safe). */
    static final int PADDING_SECTORS = 150;

    static final String SYSTEM_ID = "LINUX";
    static final String APPLICATION_ID = "MLIN FOR JENKINS ISO WRITER (IO.MLIN.ENGINE.ISO)";
    static final String CATALOG_NAME = "BOOT.CAT;1";
    static final String IMAGE_NAME = "BOOT.IMG;1";
    /** El Torito platform id for EFI. */
    static final int PLATFORM_EFI = 0xEF;
    private static final int PATH_TABLE_BYTES = 10;

    private IsoStructures() {
    }

    /** Sectors of the whole volume for a boot image of {@code imageBytes}. */
    static long volumeSectors(long imageBytes) {
        return IMAGE_LBA + FatLayout.roundUp(imageBytes, SECTOR) / SECTOR + PADDING_SECTORS;
    }

    /**
     * The boot catalog's sector count in 512-byte units: genisoimage's {@code ceil(size/2048)*4}
     * while it fits in 16 bits, else 0, which firmware (EDK2) reads as "to the end of the volume".
     * genisoimage instead wraps it modulo 65536, which makes images of 32 MiB and more unbootable.
     */
    static int elToritoSectorCount(long imageBytes) {
        long count = FatLayout.roundUp(imageBytes, SECTOR) / SECTOR * 4;
        return count <= 0xFFFF ? (int) count : 0;
    }

    static byte[] primaryVolumeDescriptor(String volumeId, long volumeSectors, Timestamps time) {
        ByteBuffer b = sector();
        b.put(0, (byte) 1);
        putAscii(b, 1, "CD001", 5);
        b.put(6, (byte) 1);
        putAscii(b, 8, SYSTEM_ID, 32);
        putAscii(b, 40, volumeId, 32);
        putBoth32(b, 80, volumeSectors);
        putBoth16(b, 120, 1); // volume set size
        putBoth16(b, 124, 1); // volume sequence number
        putBoth16(b, 128, SECTOR);
        putBoth32(b, 132, PATH_TABLE_BYTES);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(140, L_PATH_TABLE_LBA);
        b.order(ByteOrder.BIG_ENDIAN).putInt(148, M_PATH_TABLE_LBA);
        b.position(156);
        b.put(directoryRecord(new byte[] {0}, ROOT_DIR_LBA, SECTOR, true, time));
        putAscii(b, 190, "", 128); // volume set id
        putAscii(b, 318, "", 128); // publisher
        putAscii(b, 446, "", 128); // data preparer
        putAscii(b, 574, APPLICATION_ID, 128);
        putAscii(b, 702, "", 37); // copyright file
        putAscii(b, 739, "", 37); // abstract file
        putAscii(b, 776, "", 37); // bibliographic file
        byte[] date = time.volumeDescriptorDate();
        b.put(813, date);
        b.put(830, date);
        b.put(847, Timestamps.unspecifiedVolumeDescriptorDate()); // never expires
        b.put(864, date);
        b.put(881, (byte) 1); // file structure version
        putAscii(b, 883, "", 512); // application use: spaces, as genisoimage
        return b.array();
    }

    /** El Torito boot record volume descriptor pointing at the catalog. */
    static byte[] bootRecord() {
        ByteBuffer b = sector();
        b.put(0, (byte) 0);
        putAscii(b, 1, "CD001", 5);
        b.put(6, (byte) 1);
        byte[] system = "EL TORITO SPECIFICATION".getBytes(StandardCharsets.US_ASCII);
        b.put(7, system); // the rest of the 32-byte field stays NUL, as the specification asks
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(71, CATALOG_LBA);
        return b.array();
    }

    static byte[] terminator() {
        ByteBuffer b = sector();
        b.put(0, (byte) 0xFF);
        putAscii(b, 1, "CD001", 5);
        b.put(6, (byte) 1);
        return b.array();
    }

    /** The path table: one record, the root (directory 1, its own parent). */
    static byte[] pathTable(boolean bigEndian) {
        ByteBuffer b = sector().order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 1); // length of the identifier
        b.put(1, (byte) 0); // extended attribute record length
        b.putInt(2, ROOT_DIR_LBA);
        b.putShort(6, (short) 1); // parent directory number
        b.put(8, (byte) 0); // identifier: root; byte 9 pads to even length
        return b.array();
    }

    /** The root directory: {@code .}, {@code ..}, the catalog and the boot image, in name order. */
    static byte[] rootDirectory(long imageBytes, Timestamps time) {
        ByteBuffer b = sector();
        b.put(directoryRecord(new byte[] {0}, ROOT_DIR_LBA, SECTOR, true, time));
        b.put(directoryRecord(new byte[] {1}, ROOT_DIR_LBA, SECTOR, true, time));
        b.put(directoryRecord(CATALOG_NAME.getBytes(StandardCharsets.US_ASCII), CATALOG_LBA, SECTOR, false, time));
        b.put(directoryRecord(IMAGE_NAME.getBytes(StandardCharsets.US_ASCII), IMAGE_LBA, imageBytes, false, time));
        return b.array();
    }

    /** The boot catalog: a validation entry for platform EFI and one no-emulation default entry. */
    static byte[] bootCatalog(long imageBytes) {
        ByteBuffer b = sector().order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) 1); // header id
        b.put(1, (byte) PLATFORM_EFI);
        b.put(30, (byte) 0x55);
        b.put(31, (byte) 0xAA);
        int sum = 0;
        for (int i = 0; i < 32; i += 2) {
            sum += b.getShort(i) & 0xFFFF;
        }
        b.putShort(28, (short) -sum); // the 16 words of the entry sum to 0
        b.put(32, (byte) 0x88); // bootable
        b.put(33, (byte) 0); // no emulation
        b.putShort(34, (short) 0); // load segment: default
        b.put(36, (byte) 0); // system type
        b.putShort(38, (short) elToritoSectorCount(imageBytes));
        b.putInt(40, IMAGE_LBA);
        return b.array();
    }

    /** An ISO 9660 directory record (9.1), padded to an even length. */
    static byte[] directoryRecord(byte[] identifier, long extentLba, long dataLength, boolean directory,
            Timestamps time) {
        int length = 33 + identifier.length + (identifier.length % 2 == 0 ? 1 : 0);
        ByteBuffer b = ByteBuffer.allocate(length);
        b.put(0, (byte) length);
        putBoth32(b, 2, extentLba);
        putBoth32(b, 10, dataLength);
        b.put(18, time.directoryRecordDate());
        b.put(25, (byte) (directory ? 0x02 : 0x00));
        putBoth16(b, 28, 1); // volume sequence number
        b.put(32, (byte) identifier.length);
        b.put(33, identifier);
        return b.array();
    }

    private static ByteBuffer sector() {
        return ByteBuffer.allocate(SECTOR);
    }

    private static void putAscii(ByteBuffer b, int offset, String text, int length) {
        byte[] field = new byte[length];
        Arrays.fill(field, (byte) ' ');
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, field, 0, bytes.length);
        b.put(offset, field);
    }

    /** ISO 9660 "both-byte order": little-endian then big-endian. */
    private static void putBoth32(ByteBuffer b, int offset, long value) {
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(offset, (int) value);
        b.order(ByteOrder.BIG_ENDIAN).putInt(offset + 4, (int) value);
    }

    private static void putBoth16(ByteBuffer b, int offset, int value) {
        b.order(ByteOrder.LITTLE_ENDIAN).putShort(offset, (short) value);
        b.order(ByteOrder.BIG_ENDIAN).putShort(offset + 2, (short) value);
    }
}
