package io.mlin.engine.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.cache.Sha256;
import io.mlin.engine.cache.TreeDigest;
import io.mlin.engine.util.Log;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceFetcherTest {
    @TempDir
    Path tmp;

    private LoopbackServer server;
    private Path cache;
    private final RecordingLog log = new RecordingLog();
    private byte[] tarball;
    private String digest;

    /** Keeps every line, so tests can check what a user would read. */
    static final class RecordingLog implements Log {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void info(String message) {
            lines.add("INFO " + message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }

        List<String> matching(String text) {
            synchronized (lines) {
                return lines.stream().filter(l -> l.contains(text)).collect(Collectors.toList());
            }
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        server = new LoopbackServer();
        cache = tmp.resolve("cache");
        tarball = realTarball("hello-1.0", 2000);
        digest = sha256(tarball);
        server.put("hello-1.0.tar.gz", tarball);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** A real .tar.gz with one top folder; {@code lines} sets its size. */
    private byte[] realTarball(String top, int lines) throws IOException {
        Path file = tmp.resolve("build-" + top + ".tar.gz");
        StringBuilder text = new StringBuilder();
        Random random = new Random(lines);
        for (int i = 0; i < lines; i++) {
            text.append(i).append(' ').append(random.nextLong()).append('\n');
        }
        try (CraftedTar t = new CraftedTar(file)) {
            t.dir(top).file(top + "/README", text.toString());
        }
        byte[] bytes = Files.readAllBytes(file);
        Files.delete(file);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        return Sha256.hex(Sha256.newDigest().digest(bytes));
    }

    private SourceFetcher fetcher() {
        return fetcher(Mirrors.none(), Overrides.none());
    }

    private SourceFetcher fetcher(Mirrors mirrors, Overrides overrides) {
        return new SourceFetcher(cache, mirrors, overrides, log);
    }

    private SourceRequest request(URI url) {
        return new SourceRequest("hello", url, digest);
    }

    /** Every regular file under the download cache's sources folder (lock files live elsewhere). */
    private List<Path> filesInSourceCache() throws IOException {
        Path sources = cache.resolve("sources");
        if (!Files.exists(sources)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(sources)) {
            return walk.filter(p -> !Files.isDirectory(p)).collect(Collectors.toList());
        }
    }

    private List<Path> everythingInSourceCache() throws IOException {
        Path sha = cache.resolve("sources/sha256");
        if (!Files.exists(sha)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(sha)) {
            return s.collect(Collectors.toList());
        }
    }

    @Test
    void downloadsVerifiesAndServesTheSecondFetchFromTheCache() throws Exception {
        URI url = server.uri("/files/hello-1.0.tar.gz");
        FetchedSource first = fetcher().fetch(request(url));

        assertEquals(cache.resolve("sources/sha256/" + digest + "/hello-1.0.tar.gz").toAbsolutePath(), first.file());
        assertArrayEquals(tarball, Files.readAllBytes(first.file()));
        assertEquals(digest, first.sha256());
        assertEquals(url, first.usedUrl());
        assertFalse(first.overridden());

        FetchedSource second = fetcher().fetch(request(url));
        assertEquals(first, second);
        assertEquals(1, server.requests("/files/hello-1.0.tar.gz"), "the second fetch is a cache hit");
        assertEquals(1, log.matching("using cached hello-1.0.tar.gz").size(), log.lines.toString());

        // and what comes out is a tarball the extractor takes
        Path top = Extractor.extract(second.file(), tmp.resolve("build"));
        assertEquals("hello-1.0", top.getFileName().toString());
    }

    @Test
    void followsRedirects() throws Exception {
        FetchedSource s = fetcher().fetch(request(server.uri("/redirect/hello-1.0.tar.gz")));
        assertArrayEquals(tarball, Files.readAllBytes(s.file()));
        assertEquals(1, server.requests("/files/hello-1.0.tar.gz"));
    }

    @Test
    void aBodyWithoutLengthWorks() throws Exception {
        FetchedSource s = fetcher().fetch(request(server.uri("/chunked/hello-1.0.tar.gz")));
        assertArrayEquals(tarball, Files.readAllBytes(s.file()));
    }

    @Test
    void fileUrlsWork() throws Exception {
        Path local = tmp.resolve("hello-1.0.tar.gz");
        Files.write(local, tarball);
        FetchedSource s = fetcher().fetch(request(local.toUri()));
        assertArrayEquals(tarball, Files.readAllBytes(s.file()));
        assertTrue(s.file().startsWith(cache.toAbsolutePath()), "copied into the cache: " + s.file());
    }

    @Test
    void aMissingFileUrlNamesPackageAndUrl() throws Exception {
        URI url = tmp.resolve("missing-1.0.tar.gz").toUri();
        MlinException e = assertThrows(MlinException.class, () -> fetcher().fetch(request(url)));
        assertTrue(e.getMessage().contains("package hello"), e.getMessage());
        assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
        assertEquals(List.of(), everythingInSourceCache());
    }

    @Test
    void http404NamesPackageAndUrl() throws Exception {
        URI url = server.uri("/files/nothing-1.0.tar.gz");
        MlinException e = assertThrows(MlinException.class, () -> fetcher().fetch(request(url)));
        assertTrue(e.getMessage().contains("package hello"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
        assertEquals(List.of(), everythingInSourceCache());
    }

    @Test
    void aRefusedConnectionNamesPackageAndUrl() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + closedPort + "/hello-1.0.tar.gz");
        MlinException e = assertThrows(MlinException.class, () -> fetcher().fetch(request(url)));
        assertTrue(e.getMessage().contains("package hello: cannot download " + url), e.getMessage());
        assertEquals(List.of(), everythingInSourceCache());
    }

    @Test
    void aWrongDigestIsAnErrorAndLeavesNothingInTheCache() throws Exception {
        URI url = server.uri("/files/hello-1.0.tar.gz");
        String wrong = "0".repeat(64);
        SourceRequest bad = new SourceRequest("hello", url, wrong);
        MlinException e = assertThrows(MlinException.class, () -> fetcher().fetch(bad));
        assertTrue(e.getMessage().contains("package hello"), e.getMessage());
        assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("expected " + wrong), e.getMessage());
        assertTrue(e.getMessage().contains("got " + digest), e.getMessage());
        assertEquals(List.of(), everythingInSourceCache(), "no entry, no temporary file");
        // the real digest still works afterwards
        assertArrayEquals(tarball, Files.readAllBytes(fetcher().fetch(request(url)).file()));
    }

    @Test
    void aDamagedCacheEntryIsDownloadedAgain() throws Exception {
        URI url = server.uri("/files/hello-1.0.tar.gz");
        FetchedSource s = fetcher().fetch(request(url));
        Files.writeString(s.file(), "damaged");
        FetchedSource again = fetcher().fetch(request(url));
        assertArrayEquals(tarball, Files.readAllBytes(again.file()));
        assertEquals(2, server.requests("/files/hello-1.0.tar.gz"));
        assertEquals(1, log.matching("is damaged").size(), log.lines.toString());
    }

    @Test
    void theSameBytesUnderAnotherNameShareTheEntry() throws Exception {
        server.put("renamed-1.0.tar.gz", tarball);
        FetchedSource a = fetcher().fetch(request(server.uri("/files/hello-1.0.tar.gz")));
        FetchedSource b = fetcher().fetch(request(server.uri("/files/renamed-1.0.tar.gz")));
        assertEquals(a.file().getParent(), b.file().getParent());
        assertEquals("renamed-1.0.tar.gz", b.file().getFileName().toString());
        assertArrayEquals(tarball, Files.readAllBytes(b.file()));
        assertEquals(0, server.requests("/files/renamed-1.0.tar.gz"), "same digest: no second download");
    }

    @Test
    void mirrorsRewriteTheLongestMatchingPrefix() throws Exception {
        URI upstream = URI.create("http://upstream.invalid/gnu/hello/hello-1.0.tar.gz");
        Mirrors mirrors = Mirrors.parse(List.of(
                "http://upstream.invalid/=http://127.0.0.1:1/nothing-here/",
                "http://upstream.invalid/gnu/hello/=" + server.uri("/files/")));
        FetchedSource s = fetcher(mirrors, Overrides.none()).fetch(request(upstream));
        assertEquals(server.uri("/files/hello-1.0.tar.gz"), s.usedUrl());
        assertArrayEquals(tarball, Files.readAllBytes(s.file()));
        assertEquals(1, log.matching("downloading " + server.uri("/files/hello-1.0.tar.gz") + " (mirror of " + upstream + ")").size(),
                log.lines.toString());
    }

    @Test
    void aMirrorCannotChangeWhatIsBuilt() throws Exception {
        server.put("hello-1.0.tar.gz", "not the recipe's tarball".getBytes(StandardCharsets.UTF_8));
        URI upstream = URI.create("http://upstream.invalid/hello-1.0.tar.gz");
        Mirrors mirrors = Mirrors.of(Map.of("http://upstream.invalid/", server.uri("/files/").toString()));
        MlinException e = assertThrows(MlinException.class, () -> fetcher(mirrors, Overrides.none()).fetch(request(upstream)));
        assertTrue(e.getMessage().contains("sha256 mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("mirror of " + upstream), e.getMessage());
    }

    @Test
    void mirrorSpecsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Mirrors.parse(List.of("no-equals-sign")));
        assertThrows(IllegalArgumentException.class, () -> Mirrors.parse(List.of("a=b", "a=c")));
        assertEquals(URI.create("x://unchanged/"), Mirrors.none().rewrite(URI.create("x://unchanged/")));
    }

    @Test
    void anOverrideTarballIsUsedAsItIsAndMarked() throws Exception {
        byte[] modified = realTarball("hello-1.0", 10);
        Path local = tmp.resolve("hello-1.0-patched.tar.gz");
        Files.write(local, modified);
        Overrides overrides = Overrides.parse(List.of("hello=" + local));
        FetchedSource s = fetcher(Mirrors.none(), overrides).fetch(request(server.uri("/files/hello-1.0.tar.gz")));
        assertTrue(s.overridden());
        assertEquals(local.toAbsolutePath(), s.file());
        assertEquals(sha256(modified), s.sha256(), "the override's own digest is reported");
        assertEquals(local.toAbsolutePath().toUri(), s.usedUrl());
        assertEquals(0, server.requests("/files/hello-1.0.tar.gz"), "nothing is downloaded");
        List<String> warnings = log.matching("WARN package hello: source OVERRIDDEN by local tarball");
        assertEquals(1, warnings.size(), log.lines.toString());
        assertTrue(warnings.get(0).contains("the recipe expects " + digest), warnings.get(0));
    }

    @Test
    void anOverrideFolderIsUsedAsItIs() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("hello-src"));
        Files.writeString(folder.resolve("main.c"), "int main(void) { return 0; }\n");
        Overrides overrides = Overrides.of(Map.of("hello", folder));
        FetchedSource s = fetcher(Mirrors.none(), overrides).fetch(request(server.uri("/files/hello-1.0.tar.gz")));
        assertTrue(s.overridden());
        assertEquals(folder.toAbsolutePath(), s.file());
        assertEquals(TreeDigest.of(folder), s.sha256());
        assertEquals(1, log.matching("WARN package hello: source OVERRIDDEN by local folder").size(), log.lines.toString());
        assertEquals(0, server.requests("/files/hello-1.0.tar.gz"));
    }

    @Test
    void aMissingOverrideIsAnError() {
        Overrides overrides = Overrides.of(Map.of("hello", tmp.resolve("nowhere")));
        MlinException e = assertThrows(MlinException.class,
                () -> fetcher(Mirrors.none(), overrides).fetch(request(server.uri("/files/hello-1.0.tar.gz"))));
        assertTrue(e.getMessage().contains("package hello: override"), e.getMessage());
    }

    @Test
    void concurrentFetchesOfOneSourceDownloadItOnce() throws Exception {
        byte[] big = realTarball("big-1.0", 60_000);
        String bigDigest = sha256(big);
        server.put("big-1.0.tar.gz", big);
        URI url = server.uri("/slow/big-1.0.tar.gz");
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<FetchedSource>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // each thread has its own fetcher, as separate builds would
                results.add(pool.submit(() -> {
                    start.await();
                    return fetcher().fetch(new SourceRequest("big", url, bigDigest));
                }));
            }
            start.countDown();
            Path file = results.get(0).get(60, TimeUnit.SECONDS).file();
            for (Future<FetchedSource> f : results) {
                assertEquals(file, f.get(60, TimeUnit.SECONDS).file());
            }
            assertArrayEquals(big, Files.readAllBytes(file));
            assertEquals(1, server.requests("/slow/big-1.0.tar.gz"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anInterruptedDownloadLeavesNoPartialFile() throws Exception {
        byte[] big = realTarball("big-1.0", 200_000);
        server.put("big-1.0.tar.gz", big);
        URI url = server.uri("/slow/big-1.0.tar.gz");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                fetcher().fetch(new SourceRequest("big", url, sha256(big)));
                outcome.set(new AssertionError("finished despite the interrupt"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        t.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.bytesSent.get() < 256 * 1024 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(server.bytesSent.get() < big.length, "the download was still running when interrupted");
        t.interrupt();
        t.join(30_000);
        assertFalse(t.isAlive());
        assertInstanceOf(InterruptedException.class, outcome.get(), () -> log.lines + " sent " + server.bytesSent + " of " + big.length);
        assertEquals(List.of(), filesInSourceCache(), "no partial file, no entry");
        assertEquals(List.of(), everythingInSourceCache());
    }

    @Test
    void longDownloadsReportProgressAndSmallOnesDoNot() throws Exception {
        fetcher().fetch(request(server.uri("/files/hello-1.0.tar.gz")));
        assertEquals(List.of(), log.matching("%"), "a small download prints no progress");

        byte[] big = new byte[9 << 20];
        new Random(1).nextBytes(big);
        server.put("big-1.0.tar.gz", big);
        fetcher().fetch(new SourceRequest("big", server.uri("/files/big-1.0.tar.gz"), sha256(big)));
        List<String> progress = log.matching("%");
        assertTrue(progress.size() >= 5 && progress.size() <= 9, progress.toString());
        assertTrue(progress.stream().anyMatch(l -> l.contains("50% (4.5 MiB of 9.0 MiB)")), progress.toString());
    }

    @Test
    void aBadRequestIsRefusedEarly() {
        assertThrows(IllegalArgumentException.class, () -> new SourceRequest("x", URI.create("http://h/x.tar.gz"), "abc"));
        URI noName = server.uri("/files/");
        MlinException e = assertThrows(MlinException.class, () -> fetcher().fetch(request(noName)));
        assertTrue(e.getMessage().contains("names no file"), e.getMessage());
    }
}
