package io.mlin.engine.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.cache.Sha256;
import io.mlin.engine.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlin fetch} end to end, in this JVM. */
class FetchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void fetchesAndExtracts() throws Exception {
        Path tarball = tmp.resolve("tool-2.1.tar.gz");
        try (CraftedTar t = new CraftedTar(tarball)) {
            t.dir("tool-2.1").file("tool-2.1/configure", "#!/bin/sh\n");
        }
        String digest = Sha256.ofFile(tarball);
        Path cache = tmp.resolve("cache");
        int status = Main.run("fetch", "--cache", cache.toString(), "--extract-to", tmp.resolve("build").toString(),
                "tool", tarball.toUri().toString(), digest);
        assertEquals(0, status);
        assertTrue(Files.isRegularFile(cache.resolve("sources/sha256/" + digest + "/tool-2.1.tar.gz")));
        assertTrue(Files.isRegularFile(tmp.resolve("build/tool-2.1/configure")));
    }

    @Test
    void aWrongDigestOrBadArgumentsExitWithOne() throws Exception {
        Path tarball = tmp.resolve("tool-2.1.tar.gz");
        try (CraftedTar t = new CraftedTar(tarball)) {
            t.dir("tool-2.1");
        }
        String cache = tmp.resolve("cache").toString();
        assertEquals(1, Main.run("fetch", "--cache", cache, "tool", tarball.toUri().toString(), "f".repeat(64)));
        assertEquals(1, Main.run("fetch", "--cache", cache, "tool", tarball.toUri().toString(), "not-hex"));
        assertEquals(1, Main.run("fetch", "--cache", cache, "--mirror", "no-equals", "tool", tarball.toUri().toString(),
                Sha256.ofFile(tarball)));
    }
}
