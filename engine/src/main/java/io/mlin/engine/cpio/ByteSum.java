package io.mlin.engine.cpio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The newc {@code 070702} checksum: the 32-bit wrap-around sum of all data bytes, each read as
 * 0..255. It is on the hot path for every data byte, so it adds eight bytes per step in 16-bit
 * lanes instead of one byte per step.
 */
final class ByteSum {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long EVEN_BYTES = 0x00FF_00FF_00FF_00FFL;
    /** Each step adds at most 2*255 to a 16-bit lane, so 128 steps cannot overflow it. */
    private static final int STEPS_PER_FOLD = 128;

    private ByteSum() {
    }

    /** The sum of {@code length} bytes from {@code offset}, added to {@code start}, modulo 2^32. */
    static int add(int start, byte[] bytes, int offset, int length) {
        long total = start & 0xFFFF_FFFFL;
        int i = offset;
        int end = offset + length;
        while (end - i >= 8) {
            int blockEnd = i + Math.min((end - i) & ~7, 8 * STEPS_PER_FOLD);
            long lanes = 0;
            for (; i < blockEnd; i += 8) {
                long eight = (long) LONGS.get(bytes, i);
                lanes += (eight & EVEN_BYTES) + ((eight >>> 8) & EVEN_BYTES);
            }
            total += (lanes & 0xFFFF) + ((lanes >>> 16) & 0xFFFF) + ((lanes >>> 32) & 0xFFFF) + (lanes >>> 48);
        }
        for (; i < end; i++) {
            total += bytes[i] & 0xFF;
        }
        return (int) total;
    }
}
