package io.mlin.engine.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Build results keyed by a hex key (see {@link CacheKey}), kept under {@code <cache>/builds/<key>}.
 *
 * <p>An entry is complete exactly when its folder exists under the key's name: it is filled
 * under {@code builds/.<key>.partial} and renamed into place, so a build stopped half-way leaves
 * no entry (only a partial folder, removed by the next store of that key). Writers of one key
 * hold a per-key lock ({@code <cache>/locks/build-<key>.lock}), so builds in several threads or
 * processes of one machine share the cache; readers need no lock because a present entry is a
 * finished one. Entries are never modified once stored; the first store of a key wins.
 */
public final class BuildCache {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{8,128}");

    /** Fills a fresh folder with a build result. */
    @FunctionalInterface
    public interface Build {
        void into(Path folder) throws IOException, InterruptedException;
    }

    private final Path builds;
    private final Path locks;
    private final FileTrees.CopyObserver copyObserver;

    public BuildCache(Path cacheRoot) {
        this(cacheRoot, source -> { });
    }

    /** For tests: {@code copyObserver} sees every entry before it is copied and may throw. */
    BuildCache(Path cacheRoot, FileTrees.CopyObserver copyObserver) {
        this.builds = cacheRoot.resolve("builds");
        this.locks = cacheRoot.resolve("locks");
        this.copyObserver = copyObserver;
    }

    /** The finished entry of {@code key}, if any. */
    public Optional<Path> lookup(String key) {
        Path entry = builds.resolve(checkKey(key));
        return Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) ? Optional.of(entry) : Optional.empty();
    }

    /**
     * Copies {@code builtFolder} into the cache as the entry of {@code key} and returns the entry.
     * If another build stored the key first, its entry is kept and returned (same key, same
     * inputs: the results are interchangeable).
     */
    public Path store(String key, Path builtFolder) throws IOException, InterruptedException {
        if (!Files.isDirectory(builtFolder)) {
            throw new IOException("not a folder: " + builtFolder);
        }
        return getOrBuild(key, folder -> {
            Files.delete(folder);
            FileTrees.copy(builtFolder, folder, copyObserver);
        });
    }

    /**
     * The entry of {@code key}; when there is none, {@code build} fills a fresh folder inside the
     * cache, which then becomes the entry. The key's lock is held throughout, so concurrent
     * callers with one key build it once; the others wait and get the finished entry.
     */
    public Path getOrBuild(String key, Build build) throws IOException, InterruptedException {
        checkKey(key);
        Optional<Path> hit = lookup(key);
        if (hit.isPresent()) {
            return hit.get();
        }
        try (FileLocks.Held held = lock(key)) {
            hit = lookup(key);
            if (hit.isPresent()) {
                return hit.get();
            }
            Path entry = builds.resolve(key);
            // the name is fixed, not random: under the lock no one else writes it, and a leftover
            // of a killed process is found and removed here
            Path partial = builds.resolve("." + key + ".partial");
            FileTrees.deleteRecursively(partial);
            Files.createDirectories(partial);
            boolean done = false;
            try {
                build.into(partial);
                Files.move(partial, entry, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                done = true;
            } finally {
                if (!done) {
                    FileTrees.deleteRecursively(partial);
                }
            }
            return entry;
        }
    }

    /**
     * Holds the key's lock, e.g. around a lookup and a build that must not run twice. Reentrant:
     * {@link #store} and {@link #getOrBuild} may be called while holding it.
     */
    public FileLocks.Held lock(String key) throws IOException, InterruptedException {
        return FileLocks.acquire(locks.resolve("build-" + checkKey(key) + ".lock"));
    }

    private static String checkKey(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a build cache key is 8 to 128 lowercase hex digits, not: " + key);
        }
        return key;
    }
}
