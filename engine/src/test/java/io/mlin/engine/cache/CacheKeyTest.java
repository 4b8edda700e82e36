package io.mlin.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheKeyTest {
    @TempDir
    Path tmp;

    /** The parts a package build would name, as (name, value) pairs. */
    private static final List<String[]> PARTS = List.of(
            new String[] {"recipe", "$(call configure-package, https://x/foo-1.0.tar.gz, abc)"},
            new String[] {"source-sha256", "a".repeat(64)},
            new String[] {"config", "CONFIG_FOO=y\n"},
            new String[] {"dep:libbar", "1".repeat(64)},
            new String[] {"cflags", "-O2 -fPIE"},
            new String[] {"compiler", "gcc (Debian 12.2.0-14) 12.2.0"});

    private static String key(List<String[]> parts) {
        CacheKey.Builder b = CacheKey.builder();
        for (String[] p : parts) {
            b.add(p[0], p[1]);
        }
        return b.build();
    }

    @Test
    void theSamePartsGiveTheSameKey() {
        String key = key(PARTS);
        assertEquals(key, key(new ArrayList<>(PARTS)));
        assertTrue(Sha256.isHex64(key), key);
    }

    @Test
    void changingAnyValueOrNameChangesTheKey() {
        Map<String, String> seen = new HashMap<>();
        seen.put(key(PARTS), "original");
        for (int i = 0; i < PARTS.size(); i++) {
            List<String[]> value = new ArrayList<>(PARTS);
            value.set(i, new String[] {PARTS.get(i)[0], PARTS.get(i)[1] + " "});
            List<String[]> name = new ArrayList<>(PARTS);
            name.set(i, new String[] {PARTS.get(i)[0] + "2", PARTS.get(i)[1]});
            List<String[]> dropped = new ArrayList<>(PARTS);
            dropped.remove(i);
            for (Map.Entry<String, List<String[]>> v : Map.of("value", value, "name", name, "dropped", dropped).entrySet()) {
                String previous = seen.put(key(v.getValue()), v.getKey() + " of part " + i);
                assertEquals(null, previous, "changing the " + v.getKey() + " of part " + i + " collides with " + previous);
            }
        }
    }

    @Test
    void orderCounts() {
        List<String[]> swapped = new ArrayList<>(PARTS);
        swapped.set(0, PARTS.get(1));
        swapped.set(1, PARTS.get(0));
        assertNotEquals(key(PARTS), key(swapped));
    }

    @Test
    void boundariesBetweenPartsCannotBeShifted() {
        assertNotEquals(CacheKey.builder().add("a", "bc").build(), CacheKey.builder().add("ab", "c").build());
        assertNotEquals(CacheKey.builder().add("x", "ab").add("y", "c").build(),
                CacheKey.builder().add("x", "a").add("y", "bc").build());
        assertNotEquals(CacheKey.builder().add("flags", List.of("a b")).build(),
                CacheKey.builder().add("flags", List.of("a", "b")).build());
        assertNotEquals(CacheKey.builder().add("v", "x").build(),
                CacheKey.builder().add("v", "x".getBytes(StandardCharsets.UTF_8)).build(), "kinds are kept apart");
    }

    @Test
    void fileContentCountsButNotItsNameOrTime() throws Exception {
        Path a = tmp.resolve("a.config");
        Path b = tmp.resolve("b.config");
        Files.writeString(a, "CONFIG_X=y\n");
        Files.writeString(b, "CONFIG_X=y\n");
        Files.setLastModifiedTime(b, java.nio.file.attribute.FileTime.fromMillis(0));
        String ka = CacheKey.builder().addFileContent("config", a).build();
        assertEquals(ka, CacheKey.builder().addFileContent("config", b).build());
        Files.writeString(b, "CONFIG_X=n\n");
        assertNotEquals(ka, CacheKey.builder().addFileContent("config", b).build());
    }

    @Test
    void aPartNeedsAName() {
        assertThrows(IllegalArgumentException.class, () -> CacheKey.builder().add("", "x"));
    }
}
