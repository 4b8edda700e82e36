package io.mlin.engine.cpio;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Writes newc ({@code 070702}, checksummed) cpio entries byte for byte as gen_init_cpio does,
 * through one large buffer: headers are formatted straight into it and file data is read from
 * disk straight into it, so the data path has no per-byte calls and memory stays bounded
 * whatever the file sizes.
 */
final class NewcWriter {
    static final int HEADER_BYTES = 110;
    /** gen_init_cpio's dev fields for every real entry. */
    static final int DEV_MAJOR = 3;
    static final int DEV_MINOR = 1;
    static final byte[] TRAILER_NAME = {'T', 'R', 'A', 'I', 'L', 'E', 'R', '!', '!', '!'};
    private static final byte[] MAGIC = {'0', '7', '0', '7', '0', '2'};
    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
    private static final int BLOCK = 512;

    private final OutputStream out;
    private final byte[] buffer;
    private int used;
    /** Bytes handed to {@code out} so far; with {@code used}, the archive offset that padding follows. */
    private long flushed;
    /** For files too big for the buffer, which are read twice: once for the checksum, once for the data. */
    private byte[] scratch;

    NewcWriter(OutputStream out, int bufferBytes) {
        this.out = out;
        this.buffer = new byte[bufferBytes];
    }

    long offset() {
        return flushed + used;
    }

    /** An entry without data: dir, nod, pipe, sock, or a hard-link name before the last. */
    void entry(long ino, long mode, long uid, long gid, long nlink, long mtime, long rdevMajor, long rdevMinor,
            byte[] name) throws IOException {
        headerAndName(ino, mode, uid, gid, nlink, mtime, 0, rdevMajor, rdevMinor, name, 0);
    }

    /** An entry whose data is in memory (a symlink target with its NUL); gen_init_cpio leaves its check 0. */
    void entryWithData(long ino, long mode, long uid, long gid, long nlink, long mtime, byte[] name, byte[] data)
            throws IOException {
        headerAndName(ino, mode, uid, gid, nlink, mtime, data.length, 0, 0, name, 0);
        room(data.length + 3);
        System.arraycopy(data, 0, buffer, used, data.length);
        used += data.length;
        pad(4);
    }

    /**
     * A regular file's data-carrying entry: {@code size} bytes of {@code source}. A file that fits
     * in the buffer is read once, behind a reserved header that is filled in once the checksum
     * is known; a bigger one is read twice.
     *
     * @throws IOException also when the source no longer has {@code size} bytes or changes while read
     */
    void fileEntry(long ino, long mode, long uid, long gid, long nlink, long mtime, byte[] name, Path source,
            long size) throws IOException {
        int headerAndName = padded(HEADER_BYTES + name.length + 1);
        if (size == 0) {
            headerAndName(ino, mode, uid, gid, nlink, mtime, 0, 0, 0, name, 0);
            return;
        }
        try (FileInputStream in = new FileInputStream(source.toFile())) {
            if (headerAndName + size + 3 <= buffer.length) {
                room((int) (headerAndName + size + 3));
                int headerAt = used;
                used += HEADER_BYTES;
                name(name);
                readFully(in, source, buffer, used, (int) size);
                int sum = ByteSum.add(0, buffer, used, (int) size);
                header(headerAt, ino, mode, uid, gid, nlink, mtime, size, DEV_MAJOR, DEV_MINOR, 0, 0,
                        name.length + 1L, sum & 0xFFFF_FFFFL);
                used += (int) size;
            } else {
                int sum = checksum(in, source, size);
                headerAndName(ino, mode, uid, gid, nlink, mtime, size, 0, 0, name, sum & 0xFFFF_FFFFL);
                try (FileInputStream again = new FileInputStream(source.toFile())) {
                    copy(again, source, size, sum);
                }
            }
        }
        pad(4);
    }

    /** The trailer, then zeros up to a multiple of 512 bytes; flushes. Returns the archive size. */
    long finish() throws IOException {
        room(HEADER_BYTES + TRAILER_NAME.length + 4);
        header(used, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, TRAILER_NAME.length + 1L, 0);
        used += HEADER_BYTES;
        name(TRAILER_NAME);
        pad(BLOCK);
        drain();
        out.flush();
        return flushed;
    }

    /** Hands the buffered bytes to the stream. */
    private void drain() throws IOException {
        if (used > 0) {
            out.write(buffer, 0, used);
            flushed += used;
            used = 0;
        }
    }

    private void headerAndName(long ino, long mode, long uid, long gid, long nlink, long mtime, long size,
            long rdevMajor, long rdevMinor, byte[] name, long check) throws IOException {
        room(HEADER_BYTES + name.length + 4);
        header(used, ino, mode, uid, gid, nlink, mtime, size, DEV_MAJOR, DEV_MINOR, rdevMajor, rdevMinor,
                name.length + 1L, check);
        used += HEADER_BYTES;
        name(name);
    }

    /** Streams {@code size} bytes of the data pass, which must sum as the checksum pass did. */
    private void copy(FileInputStream in, Path source, long size, int expectedSum) throws IOException {
        int sum = 0;
        long left = size;
        while (left > 0) {
            if (used == buffer.length) {
                drain();
            }
            int chunk = (int) Math.min(left, buffer.length - used);
            readFully(in, source, buffer, used, chunk);
            sum = ByteSum.add(sum, buffer, used, chunk);
            used += chunk;
            left -= chunk;
        }
        if (sum != expectedSum) {
            throw new IOException(source + " changed while it was being archived");
        }
    }

    private int checksum(FileInputStream in, Path source, long size) throws IOException {
        if (scratch == null) {
            scratch = new byte[buffer.length];
        }
        int sum = 0;
        long left = size;
        while (left > 0) {
            int chunk = (int) Math.min(left, scratch.length);
            readFully(in, source, scratch, 0, chunk);
            sum = ByteSum.add(sum, scratch, 0, chunk);
            left -= chunk;
        }
        return sum;
    }

    private static void readFully(FileInputStream in, Path source, byte[] into, int at, int length)
            throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(into, at + done, length - done);
            if (n < 0) {
                throw new IOException(source + " became shorter while it was being archived");
            }
            done += n;
        }
    }

    /** The name, its NUL, and zeros up to the next multiple of 4 (headers start 4-aligned). */
    private void name(byte[] name) {
        System.arraycopy(name, 0, buffer, used, name.length);
        used += name.length;
        buffer[used++] = 0;
        padInBuffer();
    }

    private void pad(int multiple) throws IOException {
        int zeros = (int) ((multiple - offset() % multiple) % multiple);
        room(zeros);
        for (int i = 0; i < zeros; i++) {
            buffer[used++] = 0;
        }
    }

    /** Pads to 4 when the caller already made room. */
    private void padInBuffer() {
        while ((offset() & 3) != 0) {
            buffer[used++] = 0;
        }
    }

    private void room(int bytes) throws IOException {
        if (buffer.length - used < bytes) {
            drain();
            if (buffer.length < bytes) {
                throw new IllegalStateException("buffer smaller than one entry header: " + bytes);
            }
        }
    }

    private void header(int at, long ino, long mode, long uid, long gid, long nlink, long mtime, long fileSize,
            long devMajor, long devMinor, long rdevMajor, long rdevMinor, long nameSize, long check) {
        System.arraycopy(MAGIC, 0, buffer, at, MAGIC.length);
        int p = at + MAGIC.length;
        p = hex8(p, ino);
        p = hex8(p, mode);
        p = hex8(p, uid);
        p = hex8(p, gid);
        p = hex8(p, nlink);
        p = hex8(p, mtime);
        p = hex8(p, fileSize);
        p = hex8(p, devMajor);
        p = hex8(p, devMinor);
        p = hex8(p, rdevMajor);
        p = hex8(p, rdevMinor);
        p = hex8(p, nameSize);
        hex8(p, check);
    }

    /** Eight uppercase hex digits, like printf {@code %08X}; every caller passes a 32-bit unsigned value. */
    private int hex8(int at, long value) {
        if ((value >>> 32) != 0) {
            throw new IllegalArgumentException("cpio header field out of range: " + value);
        }
        for (int i = 7; i >= 0; i--) {
            buffer[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return at + 8;
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }
}
