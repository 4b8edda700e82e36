package io.mlin.engine.build;

import io.mlin.engine.fetch.Mirrors;
import io.mlin.engine.fetch.Overrides;
import io.mlin.engine.util.Log;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a build runs: where it caches, how it finds sources, how many jobs {@code make} gets, the
 * timestamp of every output, and the compiler flags of package builds.
 *
 * @param cacheDir downloads, package builds, kernel object folders and kernel images, shared by
 *     every build on the machine
 * @param cflags handed to every kconfig and configure package build ({@link #HARDENING_CFLAGS} by default)
 * @param ldflags likewise ({@link #HARDENING_LDFLAGS} by default)
 * @param verbose whether the output of make and configure goes to the log as well as to the step's log file
 */
public record BuildOptions(Path cacheDir, Mirrors mirrors, Overrides overrides, int jobs, long epoch, String cflags,
        String ldflags, boolean verbose, Log log) {

    /** MLin's hardening flags for every package build (see docs/build.md). */
    public static final String HARDENING_CFLAGS = "-fPIE -fcf-protection=full -fstack-clash-protection"
            + " -fstack-protector-all -fzero-call-used-regs=used-gpr -fsanitize=bounds"
            + " -fsanitize-undefined-trap-on-error -D_FORTIFY_SOURCE=3";
    public static final String HARDENING_LDFLAGS = "-pie -z relro -z now";

    public BuildOptions {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(mirrors, "mirrors");
        Objects.requireNonNull(overrides, "overrides");
        Objects.requireNonNull(cflags, "cflags");
        Objects.requireNonNull(ldflags, "ldflags");
        Objects.requireNonNull(log, "log");
        cacheDir = cacheDir.toAbsolutePath().normalize();
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        if (epoch < 0 || epoch > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("epoch must be between 0 and 4294967295, got " + epoch);
        }
    }

    /** The given cache, no mirrors or overrides, one job per core, the given epoch, hardening flags. */
    public static BuildOptions defaults(Path cacheDir, long epoch, Log log) {
        return new BuildOptions(cacheDir, Mirrors.none(), Overrides.none(), Runtime.getRuntime().availableProcessors(),
                epoch, HARDENING_CFLAGS, HARDENING_LDFLAGS, false, log);
    }

    public BuildOptions withMirrors(Mirrors m) {
        return new BuildOptions(cacheDir, m, overrides, jobs, epoch, cflags, ldflags, verbose, log);
    }

    public BuildOptions withOverrides(Overrides o) {
        return new BuildOptions(cacheDir, mirrors, o, jobs, epoch, cflags, ldflags, verbose, log);
    }

    public BuildOptions withJobs(int n) {
        return new BuildOptions(cacheDir, mirrors, overrides, n, epoch, cflags, ldflags, verbose, log);
    }

    public BuildOptions withFlags(String c, String ld) {
        return new BuildOptions(cacheDir, mirrors, overrides, jobs, epoch, c, ld, verbose, log);
    }

    public BuildOptions withLog(Log l) {
        return new BuildOptions(cacheDir, mirrors, overrides, jobs, epoch, cflags, ldflags, verbose, l);
    }

    public BuildOptions withVerbose(boolean v) {
        return new BuildOptions(cacheDir, mirrors, overrides, jobs, epoch, cflags, ldflags, v, log);
    }

    /** Full logs of every build step. */
    public Path logDir() {
        return cacheDir.resolve("logs");
    }
}
