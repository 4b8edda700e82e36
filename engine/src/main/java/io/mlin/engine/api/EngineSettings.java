package io.mlin.engine.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Machine-wide settings of an engine: where builds and downloads are cached, URL mirrors for
 * machines without internet, how many jobs {@code make} runs, and the timestamp every output
 * carries.
 *
 * @param cacheDir shared by every build on the machine (downloads, package builds, kernel objects)
 * @param mirrors URL prefix rewrites, e.g. {@code https://ftp.gnu.org/gnu/ -> https://mirror.local/gnu/}
 * @param jobs parallel jobs for {@code make -j}
 * @param epoch seconds since 1970 written into every cpio entry, ISO date and FAT date
 * @param overrides local tarballs or folders that replace packages' downloads, by package name
 *     (marked as overridden in logs and reports)
 */
public record EngineSettings(Path cacheDir, Map<String, String> mirrors, int jobs, long epoch,
        Map<String, Path> overrides) {

    public EngineSettings {
        Objects.requireNonNull(cacheDir, "cacheDir");
        mirrors = Map.copyOf(mirrors);
        overrides = Map.copyOf(overrides);
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        if (epoch < 0 || epoch > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("epoch must be between 0 and 4294967295, got " + epoch);
        }
    }

    /** Settings without source overrides. */
    public EngineSettings(Path cacheDir, Map<String, String> mirrors, int jobs, long epoch) {
        this(cacheDir, mirrors, jobs, epoch, Map.of());
    }

    /** {@code $MLIN_CACHE}, else {@code $XDG_CACHE_HOME/mlin}, else {@code ~/.cache/mlin}; no mirrors, one job per core, {@code SOURCE_DATE_EPOCH} or 0. */
    public static EngineSettings defaults() {
        return new EngineSettings(io.mlin.engine.cache.CacheLocation.defaultRoot(), Map.of(), Runtime.getRuntime().availableProcessors(),
                epochFrom(System.getenv("SOURCE_DATE_EPOCH")));
    }

    public EngineSettings withCacheDir(Path dir) {
        return new EngineSettings(dir, mirrors, jobs, epoch, overrides);
    }

    public EngineSettings withMirrors(Map<String, String> prefixMap) {
        return new EngineSettings(cacheDir, prefixMap, jobs, epoch, overrides);
    }

    public EngineSettings withJobs(int n) {
        return new EngineSettings(cacheDir, mirrors, n, epoch, overrides);
    }

    public EngineSettings withEpoch(long seconds) {
        return new EngineSettings(cacheDir, mirrors, jobs, seconds, overrides);
    }

    public EngineSettings withOverrides(Map<String, Path> byPackage) {
        return new EngineSettings(cacheDir, mirrors, jobs, epoch, byPackage);
    }

    /** Reads {@code SOURCE_DATE_EPOCH}; unset or blank means 0. A malformed value is an error, not a silent 0. */
    public static long epochFrom(String sourceDateEpoch) {
        if (sourceDateEpoch == null || sourceDateEpoch.isBlank()) {
            return 0;
        }
        try {
            long v = Long.parseLong(sourceDateEpoch.trim());
            if (v >= 0 && v <= 0xFFFFFFFFL) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "SOURCE_DATE_EPOCH must be a whole number of seconds from 0 to 4294967295, got '" + sourceDateEpoch + "'");
    }
}
