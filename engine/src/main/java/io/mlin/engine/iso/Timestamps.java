package io.mlin.engine.iso;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** The one instant of an image, in the encodings ISO 9660 and FAT use. All in UTC. */
final class Timestamps {
    /** FAT dates count years from 1980 in 7 bits: earlier instants are stored as 1980-01-01 00:00:00. */
    static final LocalDateTime FAT_FLOOR = LocalDateTime.of(1980, 1, 1, 0, 0, 0);
    static final LocalDateTime FAT_CEILING = LocalDateTime.of(2107, 12, 31, 23, 59, 58);

    private final LocalDateTime utc;

    Timestamps(long epochSeconds) {
        this.utc = LocalDateTime.ofEpochSecond(epochSeconds, 0, ZoneOffset.UTC);
    }

    /** ISO 9660 8.4.26.1 volume descriptor date: {@code YYYYMMDDHHMMSScc} in digits, then a GMT offset byte (0). */
    byte[] volumeDescriptorDate() {
        String digits = String.format(java.util.Locale.ROOT, "%04d%02d%02d%02d%02d%02d00", utc.getYear(), utc.getMonthValue(),
                utc.getDayOfMonth(), utc.getHour(), utc.getMinute(), utc.getSecond());
        byte[] date = new byte[17];
        System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, date, 0, 16);
        return date;
    }

    /** ISO 9660 "not specified" date: sixteen '0' digits and offset 0. */
    static byte[] unspecifiedVolumeDescriptorDate() {
        byte[] date = new byte[17];
        java.util.Arrays.fill(date, 0, 16, (byte) '0');
        return date;
    }

    /** ISO 9660 9.1.5 directory record date: years since 1900, month, day, hour, minute, second, GMT offset. */
    byte[] directoryRecordDate() {
        return new byte[] {
            (byte) (utc.getYear() - 1900), (byte) utc.getMonthValue(), (byte) utc.getDayOfMonth(),
            (byte) utc.getHour(), (byte) utc.getMinute(), (byte) utc.getSecond(), 0,
        };
    }

    private LocalDateTime fatClamped() {
        if (utc.isBefore(FAT_FLOOR)) {
            return FAT_FLOOR;
        }
        return utc.isAfter(FAT_CEILING) ? FAT_CEILING : utc;
    }

    /** FAT date word: bits 15-9 year-1980, 8-5 month, 4-0 day. */
    int fatDate() {
        LocalDateTime t = fatClamped();
        return ((t.getYear() - 1980) << 9) | (t.getMonthValue() << 5) | t.getDayOfMonth();
    }

    /** FAT time word: bits 15-11 hour, 10-5 minute, 4-0 seconds/2 (FAT keeps 2-second steps). */
    int fatTime() {
        LocalDateTime t = fatClamped();
        return (t.getHour() << 11) | (t.getMinute() << 5) | (t.getSecond() / 2);
    }
}
