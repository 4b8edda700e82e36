package io.mlin.engine.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.cache.Sha256;
import io.mlin.engine.util.Log;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpDownloadTest {
    @TempDir
    Path tmp;

    @Test
    void theResponseTimeoutLimitsTheHeadersNotTheWholeBody() throws Exception {
        byte[] content = new byte[40 * 65536];
        new Random(3).nextBytes(content);
        try (LoopbackServer server = new LoopbackServer()) {
            server.put("slow-1.0.tar.gz", content);
            server.slowPauseMillis = 60; // 40 pieces: about 2.4 s, more than the 1 s timeout below
            Path file = tmp.resolve("slow-1.0.tar.gz");
            long start = System.nanoTime();
            String digest = HttpDownload.download(HttpClient.newHttpClient(), server.uri("/slow/slow-1.0.tar.gz"),
                    Duration.ofSeconds(1), Duration.ofSeconds(30), file, length -> new DownloadProgress(Log.silent(), "test", length));
            assertTrue(System.nanoTime() - start > 2_000_000_000L, "the body took longer than the timeout");
            assertEquals(Sha256.hex(Sha256.newDigest().digest(content)), digest);
            assertArrayEquals(content, Files.readAllBytes(file));
        }
    }

    @Test
    void aStalledBodyIsGivenUp() throws Exception {
        byte[] content = new byte[4 * 65536];
        try (LoopbackServer server = new LoopbackServer()) {
            server.put("stall-1.0.tar.gz", content);
            server.slowPauseMillis = 10_000; // one piece, then silence
            Path file = tmp.resolve("stall-1.0.tar.gz");
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> HttpDownload.download(HttpClient.newHttpClient(),
                    server.uri("/slow/stall-1.0.tar.gz"), Duration.ofSeconds(5), Duration.ofSeconds(1), file,
                    length -> new DownloadProgress(Log.silent(), "test", length)));
            assertEquals("no data received for 1 s", e.getMessage());
            assertTrue(System.nanoTime() - start < 8_000_000_000L, "given up before the server went on");
        }
    }
}
