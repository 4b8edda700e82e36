package io.mlin.engine.iso;

import io.mlin.engine.MlinException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an ISO is made with besides the kernel: the ISO 9660 volume id and the time every date in
 * the image (ISO and FAT) is set to, in seconds since 1970-01-01 UTC.
 *
 * @param volumeId 1 to 32 ISO 9660 d-characters ({@code A-Z 0-9 _})
 * @param epoch seconds since the Unix epoch, from 0 (1970) to the end of 2155 (the last year an ISO
 *     directory record can hold)
 */
public record IsoOptions(String volumeId, long epoch) {

    /** The ISO 9660 directory-record year is one byte counted from 1900: 2155 is the last one. */
    static final long MAX_EPOCH = 5_869_583_999L; // 2155-12-31T23:59:59Z

    static final int MAX_VOLUME_ID_LENGTH = 32;

    private static final Pattern D_CHARACTERS = Pattern.compile("[A-Z0-9_]+");

    /** Used when a file name yields no usable character at all. */
    static final String FALLBACK_VOLUME_ID = "MLIN";

    public IsoOptions {
        if (volumeId == null || volumeId.isEmpty() || volumeId.length() > MAX_VOLUME_ID_LENGTH
                || !D_CHARACTERS.matcher(volumeId).matches()) {
            throw new MlinException("invalid ISO volume id '" + volumeId + "': expected 1 to "
                    + MAX_VOLUME_ID_LENGTH + " characters from A-Z, 0-9 and _ (ISO 9660 d-characters)");
        }
        if (epoch < 0 || epoch > MAX_EPOCH) {
            throw new MlinException("invalid ISO epoch " + epoch + ": expected seconds since 1970-01-01 UTC from 0 to "
                    + MAX_EPOCH + " (end of 2155, the last year ISO 9660 directory dates hold)");
        }
    }

    /**
     * Options with the given volume id and the epoch from {@code SOURCE_DATE_EPOCH}, or 0 when that
     * variable is unset or empty (the same rule as the initramfs), so builds are reproducible by
     * default.
     */
    public static IsoOptions defaults(String volumeId) {
        return new IsoOptions(volumeId, epochFromEnvironment(System.getenv("SOURCE_DATE_EPOCH")));
    }

    /** Parses a {@code SOURCE_DATE_EPOCH} value: unset or blank means 0, anything else must be a decimal integer. */
    static long epochFromEnvironment(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        long epoch;
        try {
            epoch = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            epoch = -1;
        }
        if (epoch < 0 || epoch > MAX_EPOCH) {
            throw new MlinException("invalid SOURCE_DATE_EPOCH '" + value
                    + "': expected a whole number of seconds since 1970-01-01 UTC, from 0 to " + MAX_EPOCH);
        }
        return epoch;
    }

    /**
     * A volume id made from a file name: the extension ({@code .iso}) dropped, upper-cased, every
     * character that is not a d-character replaced by {@code _}, cut to 32 characters; "MLIN" if
     * nothing is left. {@code my-vm.iso} gives {@code MY_VM}.
     */
    public static String volumeIdFromFileName(String fileName) {
        String base = fileName;
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        StringBuilder id = new StringBuilder();
        for (char c : base.toUpperCase(Locale.ROOT).toCharArray()) {
            if (id.length() == MAX_VOLUME_ID_LENGTH) {
                break;
            }
            id.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ? c : '_');
        }
        return id.length() == 0 ? FALLBACK_VOLUME_ID : id.toString();
    }
}
