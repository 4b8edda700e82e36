package io.mlin.engine.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.cache.FileLocks;
import io.mlin.engine.cache.Sha256;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two separate JVMs ({@code mlin fetch}) sharing one cache download the source once. */
class TwoProcessFetchTest {
    @TempDir
    Path tmp;

    @Test
    void twoProcessesFetchingOneSourceDownloadItOnce() throws Exception {
        byte[] big = new byte[3 << 20];
        new Random(7).nextBytes(big);
        String digest = Sha256.hex(Sha256.newDigest().digest(big));
        try (LoopbackServer server = new LoopbackServer()) {
            server.put("big-1.0.tar.gz", big);
            server.slowPauseMillis = 10;
            String url = server.uri("/slow/big-1.0.tar.gz").toString();
            Path cache = tmp.resolve("cache");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Process> processes = new ArrayList<>();
            // this JVM holds the digest's lock while both processes start: they must wait for it
            FileLocks.Held held = FileLocks.acquire(cache.resolve("locks/source-" + digest + ".lock"));
            for (int i = 0; i < 2; i++) {
                ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                        "io.mlin.engine.cli.Main", "fetch", "--cache", cache.toString(), "big", url, digest);
                pb.redirectOutput(tmp.resolve("out" + i).toFile());
                pb.redirectError(tmp.resolve("err" + i).toFile());
                processes.add(pb.start());
            }
            Thread.sleep(3000);
            assertEquals(0, server.requests("/slow/big-1.0.tar.gz"), "no process downloads while another holds the lock");
            assertTrue(processes.get(0).isAlive() && processes.get(1).isAlive(), "both processes wait");
            held.close();
            List<String> printed = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Process p = processes.get(i);
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "process " + i + " finished");
                String err = Files.readString(tmp.resolve("err" + i), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), err);
                printed.add(Files.readString(tmp.resolve("out" + i)).trim());
            }
            assertEquals(printed.get(0), printed.get(1));
            Path file = Path.of(printed.get(0));
            assertEquals(cache.resolve("sources/sha256/" + digest + "/big-1.0.tar.gz").toAbsolutePath(), file);
            assertArrayEquals(big, Files.readAllBytes(file));
            assertEquals(1, server.requests("/slow/big-1.0.tar.gz"), "downloaded once");
            String errors = Files.readString(tmp.resolve("err0")) + Files.readString(tmp.resolve("err1"));
            assertTrue(errors.contains("using cached big-1.0.tar.gz"), errors);
        }
    }

}
