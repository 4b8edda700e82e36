package io.mlin.engine.fetch;

import io.mlin.engine.util.Log;
import java.util.Locale;

/**
 * Progress lines for long downloads: every 10% when the size is known, every few seconds when
 * it is not. Downloads smaller than {@link #QUIET_BELOW} bytes print nothing: they finish
 * before anyone reads a progress line.
 */
final class DownloadProgress {
    /** Starts the progress of one download once its size is known (-1: unknown). */
    @FunctionalInterface
    interface Factory {
        DownloadProgress start(long total);
    }

    static final long QUIET_BELOW = 4L << 20;
    private static final long UNKNOWN_SIZE_INTERVAL_NANOS = 5_000_000_000L;

    private final Log log;
    private final String label;
    private final long total;
    private final long startNanos;
    private long bytes;
    private int lastDecile;
    private long lastReportNanos;

    /** {@code total} is the expected size, or -1 when the server did not say. */
    DownloadProgress(Log log, String label, long total) {
        this.log = log;
        this.label = label;
        this.total = total;
        this.startNanos = System.nanoTime();
        this.lastReportNanos = startNanos;
    }

    void advance(long n) {
        bytes += n;
        if (total >= QUIET_BELOW) {
            int decile = (int) Math.min(10, bytes * 10 / total);
            if (decile > lastDecile && decile < 10) {
                lastDecile = decile;
                log.info(String.format(Locale.ROOT, "%s: %d%% (%s of %s)", label, decile * 10, size(bytes), size(total)));
            }
        } else if (total < 0 && bytes >= QUIET_BELOW) {
            long now = System.nanoTime();
            if (now - lastReportNanos >= UNKNOWN_SIZE_INTERVAL_NANOS) {
                lastReportNanos = now;
                log.info(String.format(Locale.ROOT, "%s: %s so far", label, size(bytes)));
            }
        }
    }

    /** The closing line of a download that was long enough to report progress. */
    void finish() {
        if (bytes >= QUIET_BELOW) {
            log.info(String.format(Locale.ROOT, "%s: %s in %.1f s", label, size(bytes), (System.nanoTime() - startNanos) / 1e9));
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1L << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
}
