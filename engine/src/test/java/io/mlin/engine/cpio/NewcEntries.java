package io.mlin.engine.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a newc archive back for assertions, checking what the kernel's unpacker checks: the
 * magic, 4-byte alignment, and the 070702 data sum of regular files (commons-compress cannot be
 * used here: it also checks symlink sums, which gen_init_cpio leaves 0).
 */
final class NewcEntries {
    private NewcEntries() {
    }

    /** One header with its name; the data is only summed. */
    record Entry(long ino, long mode, long uid, long gid, long nlink, long mtime, long size, long devMajor,
            long devMinor, long rdevMajor, long rdevMinor, long check, String name, long dataSum) {
    }

    /** All entries up to and including the trailer; fails on a bad magic or a wrong file sum. */
    static List<Entry> read(Path archive) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            long offset = 0;
            while (true) {
                byte[] header = in.readNBytes(110);
                assertEquals(110, header.length, "truncated header at " + offset);
                String text = new String(header, StandardCharsets.US_ASCII);
                assertEquals("070702", text.substring(0, 6), "magic at " + offset);
                long[] f = new long[13];
                for (int i = 0; i < 13; i++) {
                    f[i] = Long.parseLong(text.substring(6 + 8 * i, 14 + 8 * i), 16);
                }
                offset += 110;
                byte[] name = in.readNBytes((int) f[11]);
                offset += name.length;
                assertEquals(0, name[name.length - 1], "name NUL at " + offset);
                offset += skipPad(in, offset);
                long sum = 0;
                long left = f[6];
                byte[] buffer = new byte[8192];
                while (left > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    assertTrue(n > 0, "truncated data");
                    for (int i = 0; i < n; i++) {
                        sum += buffer[i] & 0xFF;
                    }
                    left -= n;
                }
                offset += f[6];
                offset += skipPad(in, offset);
                sum &= 0xFFFF_FFFFL;
                String entryName = new String(name, 0, name.length - 1, StandardCharsets.UTF_8);
                Entry entry = new Entry(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[12],
                        entryName, sum);
                if ((entry.mode() & 0170000) == 0100000 && entry.size() > 0) {
                    assertEquals(sum, entry.check(), "070702 sum of " + entryName);
                }
                entries.add(entry);
                if (entryName.equals("TRAILER!!!")) {
                    assertEquals(0, (offset + in.readAllBytes().length) % 512, "archive size is a multiple of 512");
                    return entries;
                }
            }
        }
    }

    private static int skipPad(InputStream in, long offset) throws IOException {
        int pad = (int) ((4 - offset % 4) % 4);
        byte[] zeros = in.readNBytes(pad);
        for (byte z : zeros) {
            assertEquals(0, z, "padding is zero");
        }
        return pad;
    }
}
