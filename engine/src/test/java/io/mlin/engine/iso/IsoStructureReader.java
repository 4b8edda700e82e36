package io.mlin.engine.iso;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal reader of the ISO structures the tests compare between our writer and genisoimage,
 * written from the ISO 9660 and El Torito specifications (not from our writer's code).
 */
final class IsoStructureReader {
    /** A directory record without its date. */
    record DirRecord(String name, long extent, long size, int flags) {
    }

    /** Everything the structural comparison looks at; dates, ids and serials are left out on purpose. */
    record Structure(long volumeSectors, int blockSize, long pathTableSize, long lPathLba, long mPathLba,
            DirRecord rootInPvd, List<Integer> descriptorTypesFrom16, long catalogLba, String bootSystemId,
            byte[] lPathTable, byte[] mPathTable, List<DirRecord> root, byte[] catalogEntries,
            boolean catalogTailZero, boolean systemAreaZero) {
    }

    static Structure read(Path iso) throws IOException {
        try (FileChannel ch = FileChannel.open(iso)) {
            ByteBuffer system = sectors(ch, 0, 16);
            boolean systemZero = allZero(system.array(), 0, system.capacity());
            ByteBuffer pvd = sector(ch, 16);
            List<Integer> types = new ArrayList<>();
            long catalogLba = -1;
            String bootSystemId = null;
            for (int lba = 16; ; lba++) {
                ByteBuffer vd = sector(ch, lba);
                if (!"CD001".equals(ascii(vd, 1, 5))) {
                    break;
                }
                int type = vd.get(0) & 0xFF;
                types.add(type);
                if (type == 0) {
                    bootSystemId = ascii(vd, 7, 32).replace("\0", "");
                    catalogLba = vd.order(ByteOrder.LITTLE_ENDIAN).getInt(71) & 0xFFFFFFFFL;
                }
                if (type == 255) {
                    break;
                }
            }
            long pathSize = le32(pvd, 132);
            long lPath = le32(pvd, 140);
            long mPath = pvd.order(ByteOrder.BIG_ENDIAN).getInt(148) & 0xFFFFFFFFL;
            DirRecord rootRecord = record(pvd, 156);
            byte[] lTable = Arrays.copyOf(sector(ch, lPath).array(), (int) pathSize);
            byte[] mTable = Arrays.copyOf(sector(ch, mPath).array(), (int) pathSize);
            ByteBuffer rootDir = sector(ch, rootRecord.extent());
            List<DirRecord> root = new ArrayList<>();
            for (int off = 0; off < 2048 && (rootDir.get(off) & 0xFF) != 0; off += rootDir.get(off) & 0xFF) {
                root.add(record(rootDir, off));
            }
            byte[] catalog = sector(ch, catalogLba).array();
            return new Structure(both32(pvd, 80), pvd.order(ByteOrder.LITTLE_ENDIAN).getShort(128) & 0xFFFF, pathSize,
                    lPath, mPath, rootRecord, types, catalogLba, bootSystemId, lTable, mTable, root,
                    Arrays.copyOf(catalog, 64), allZero(catalog, 64, 2048), systemZero);
        }
    }

    private static DirRecord record(ByteBuffer b, int off) {
        int nameLength = b.get(off + 32) & 0xFF;
        byte[] id = new byte[nameLength];
        b.get(off + 33, id);
        String name = nameLength == 1 && id[0] == 0 ? "." : nameLength == 1 && id[0] == 1 ? ".."
                : new String(id, StandardCharsets.US_ASCII);
        return new DirRecord(name, both32(b, off + 2), both32(b, off + 10), b.get(off + 25) & 0xFF);
    }

    /** Reads a both-byte-order field and insists the two halves agree. */
    private static long both32(ByteBuffer b, int off) {
        long le = b.order(ByteOrder.LITTLE_ENDIAN).getInt(off) & 0xFFFFFFFFL;
        long be = b.order(ByteOrder.BIG_ENDIAN).getInt(off + 4) & 0xFFFFFFFFL;
        if (le != be) {
            throw new AssertionError("both-endian field at " + off + " disagrees: " + le + " vs " + be);
        }
        return le;
    }

    private static long le32(ByteBuffer b, int off) {
        return b.order(ByteOrder.LITTLE_ENDIAN).getInt(off) & 0xFFFFFFFFL;
    }

    private static String ascii(ByteBuffer b, int off, int len) {
        byte[] bytes = new byte[len];
        b.get(off, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    static ByteBuffer sector(FileChannel ch, long lba) throws IOException {
        return sectors(ch, lba, 1);
    }

    private static ByteBuffer sectors(FileChannel ch, long lba, int count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2048 * count);
        while (b.hasRemaining()) {
            if (ch.read(b, lba * 2048 + b.position()) < 0) {
                throw new AssertionError("the ISO ends before sector " + lba);
            }
        }
        return b;
    }
}
