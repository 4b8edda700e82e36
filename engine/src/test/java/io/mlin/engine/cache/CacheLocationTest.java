package io.mlin.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheLocationTest {
    private static final Path HOME = Path.of("/home/builder");

    @Test
    void mlinCacheWinsThenXdgThenHome() {
        assertEquals(Path.of("/srv/mlin"),
                CacheLocation.defaultRoot(Map.of("MLIN_CACHE", "/srv/mlin", "XDG_CACHE_HOME", "/x"), HOME));
        assertEquals(Path.of("/x/mlin"), CacheLocation.defaultRoot(Map.of("XDG_CACHE_HOME", "/x"), HOME));
        assertEquals(Path.of("/home/builder/.cache/mlin"), CacheLocation.defaultRoot(Map.of(), HOME));
        assertEquals(Path.of("/home/builder/.cache/mlin"), CacheLocation.defaultRoot(Map.of("MLIN_CACHE", " "), HOME));
    }
}
