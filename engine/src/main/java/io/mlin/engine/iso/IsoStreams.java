package io.mlin.engine.iso;

import java.io.IOException;
import java.io.OutputStream;

/** Small stream helpers shared by the ISO and FAT writers. */
final class IsoStreams {
    private static final byte[] ZEROS = new byte[64 * 1024];

    private IsoStreams() {
    }

    /** Writes {@code count} zero bytes without allocating them all. */
    static void writeZeros(OutputStream out, long count) throws IOException {
        if (count < 0) {
            throw new IllegalStateException("negative padding " + count + ": the layout arithmetic is wrong");
        }
        while (count > 0) {
            int n = (int) Math.min(ZEROS.length, count);
            out.write(ZEROS, 0, n);
            count -= n;
        }
    }

    /** Counts what passes through, so the writer can check the file it produced against its layout. */
    static final class Counting extends java.io.FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }
    }
}
