package io.mlin.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCacheTest {
    @TempDir
    Path tmp;

    private static final String KEY = "0123456789abcdef".repeat(4);

    private Path builtFolder() throws IOException {
        Path built = Files.createDirectories(tmp.resolve("build/out/bin"));
        Files.writeString(built.resolve("tool"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(built.resolve("tool"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(built.resolve("tool"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.writeString(built.getParent().resolve("config.h"), "#define X 1\n");
        Files.createSymbolicLink(built.getParent().resolve("latest"), Path.of("bin/tool"));
        return built.getParent();
    }

    private List<String> namesIn(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void storeThenLookupGivesTheSameTree() throws Exception {
        BuildCache cache = new BuildCache(tmp.resolve("cache"));
        assertEquals(Optional.empty(), cache.lookup(KEY));
        Path built = builtFolder();
        Path entry = cache.store(KEY, built);

        assertEquals(Optional.of(entry), cache.lookup(KEY));
        assertEquals(tmp.resolve("cache/builds/" + KEY), entry);
        assertEquals(TreeDigest.of(built), TreeDigest.of(entry), "same files, modes and links");
        assertEquals(Files.getLastModifiedTime(built.resolve("bin/tool")), Files.getLastModifiedTime(entry.resolve("bin/tool")));
        assertTrue(Files.isSymbolicLink(entry.resolve("latest")));
        assertEquals(List.of(KEY), namesIn(tmp.resolve("cache/builds")), "no temporary folder is left");
    }

    @Test
    void aStoreStoppedHalfWayLeavesNoEntry() throws Exception {
        Path built = builtFolder();
        AtomicInteger copied = new AtomicInteger();
        BuildCache failing = new BuildCache(tmp.resolve("cache"), source -> {
            if (copied.incrementAndGet() == 3) {
                throw new IOException("disk full (simulated)");
            }
        });
        IOException e = assertThrows(IOException.class, () -> failing.store(KEY, built));
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals(3, copied.get(), "the copy had started");
        assertEquals(Optional.empty(), failing.lookup(KEY));
        assertEquals(List.of(), namesIn(tmp.resolve("cache/builds")), "no entry and no partial folder");

        // the next store of the key works
        BuildCache cache = new BuildCache(tmp.resolve("cache"));
        assertEquals(TreeDigest.of(built), TreeDigest.of(cache.store(KEY, built)));
    }

    @Test
    void aLeftoverPartialFolderOfAKilledBuildIsIgnoredAndReplaced() throws Exception {
        BuildCache cache = new BuildCache(tmp.resolve("cache"));
        Path leftover = Files.createDirectories(tmp.resolve("cache/builds/." + KEY + ".partial/half"));
        Files.writeString(leftover.resolve("file"), "half written");
        assertEquals(Optional.empty(), cache.lookup(KEY));
        Path built = builtFolder();
        Path entry = cache.store(KEY, built);
        assertEquals(TreeDigest.of(built), TreeDigest.of(entry));
        assertEquals(List.of(KEY), namesIn(tmp.resolve("cache/builds")));
    }

    @Test
    void aFailedBuildLeavesNoEntry() throws Exception {
        BuildCache cache = new BuildCache(tmp.resolve("cache"));
        assertThrows(IllegalStateException.class, () -> cache.getOrBuild(KEY, folder -> {
            Files.writeString(folder.resolve("half"), "x");
            throw new IllegalStateException("compiler crashed");
        }));
        assertEquals(Optional.empty(), cache.lookup(KEY));
        assertEquals(List.of(), namesIn(tmp.resolve("cache/builds")));
    }

    @Test
    void concurrentBuildsOfOneKeyBuildOnce() throws Exception {
        int threads = 6;
        AtomicInteger builds = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    // one cache object per thread, as separate builds would have
                    return new BuildCache(tmp.resolve("cache")).getOrBuild(KEY, folder -> {
                        builds.incrementAndGet();
                        Thread.sleep(200);
                        Files.writeString(folder.resolve("result"), "built");
                    });
                }));
            }
            start.countDown();
            for (Future<Path> f : results) {
                assertEquals("built", Files.readString(f.get(60, TimeUnit.SECONDS).resolve("result")));
            }
            assertEquals(1, builds.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentStoresOfOneKeyKeepOneCompleteEntry() throws Exception {
        Path built = builtFolder();
        String expected = TreeDigest.of(built);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return new BuildCache(tmp.resolve("cache")).store(KEY, built);
                }));
            }
            start.countDown();
            for (Future<Path> f : results) {
                assertEquals(expected, TreeDigest.of(f.get(60, TimeUnit.SECONDS)));
            }
            assertEquals(List.of(KEY), namesIn(tmp.resolve("cache/builds")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLockIsReentrantForItsHolder() throws Exception {
        BuildCache cache = new BuildCache(tmp.resolve("cache"));
        Path built = builtFolder();
        try (FileLocks.Held held = cache.lock(KEY)) {
            assertFalse(cache.lookup(KEY).isPresent());
            cache.store(KEY, built);
        }
        assertTrue(Files.isDirectory(tmp.resolve("cache/builds/" + KEY), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void keysThatAreNotHexAreRefused() {
        BuildCache cache = new BuildCache(tmp.resolve("cache"));
        assertThrows(IllegalArgumentException.class, () -> cache.lookup("../../etc"));
        assertThrows(IllegalArgumentException.class, () -> cache.lookup("ABCDEF0123"));
        assertThrows(IllegalArgumentException.class, () -> cache.lookup("abc"));
    }
}
