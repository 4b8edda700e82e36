package io.mlin.engine.cpio;

import io.mlin.engine.MlinException;
import java.util.Map;
import java.util.Objects;

/**
 * How an initramfs is dated and where {@code ${VAR}} in file locations is looked up.
 *
 * <p>By default every entry gets one fixed timestamp, {@code epoch}, so the same inputs give the
 * same bytes. {@code mtimeFromFiles} switches to what MLin's gen_init_cpio does: files carry their
 * source's mtime and every other entry the mtime of the list file that names it.
 *
 * @param mtimeFromFiles take timestamps from the source files and list files instead of {@code epoch}
 * @param epoch the fixed timestamp (seconds since 1970, 0 to 0xFFFFFFFF, the cpio header's range)
 * @param environment the variables {@code ${NAME}} expands to in file locations
 */
public record CpioOptions(boolean mtimeFromFiles, long epoch, Map<String, String> environment) {

    /** The largest timestamp an 8-hex-digit cpio header field holds. */
    public static final long MAX_TIME = 0xFFFF_FFFFL;

    /** The variable reproducible-builds tools use to pin timestamps. */
    public static final String SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH";

    public CpioOptions {
        Objects.requireNonNull(environment, "environment");
        if (epoch < 0 || epoch > MAX_TIME) {
            throw new MlinException("the cpio timestamp must be from 0 to " + MAX_TIME + " (seconds since 1970), got " + epoch);
        }
        environment = Map.copyOf(environment);
    }

    /** Fixed timestamps from this process's {@code SOURCE_DATE_EPOCH} (0 when unset); variables from this process. */
    public static CpioOptions reproducible() {
        return reproducible(System.getenv());
    }

    /** Fixed timestamps from {@code SOURCE_DATE_EPOCH} in {@code environment} (0 when unset); variables from it too. */
    public static CpioOptions reproducible(Map<String, String> environment) {
        return new CpioOptions(false, epochFrom(environment), environment);
    }

    /**
     * The value of {@code SOURCE_DATE_EPOCH} in {@code environment}, or 0 when it is unset or empty.
     *
     * @throws MlinException when it is not a decimal number from 0 to 0xFFFFFFFF
     */
    public static long epochFrom(Map<String, String> environment) {
        String value = environment.get(SOURCE_DATE_EPOCH);
        if (value == null || value.isEmpty()) {
            return 0;
        }
        if (value.length() <= 10 && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            long parsed = Long.parseLong(value);
            if (parsed <= MAX_TIME) {
                return parsed;
            }
        }
        throw new MlinException(SOURCE_DATE_EPOCH + " must be a decimal number of seconds from 0 to " + MAX_TIME
                + ", got '" + value + "'");
    }

    public CpioOptions withEpoch(long e) {
        return new CpioOptions(mtimeFromFiles, e, environment);
    }

    public CpioOptions withMtimeFromFiles(boolean b) {
        return new CpioOptions(b, epoch, environment);
    }

    public CpioOptions withEnvironment(Map<String, String> env) {
        return new CpioOptions(mtimeFromFiles, epoch, env);
    }
}
