package io.mlin.engine.cache;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the machine-wide cache lives when the user names none: {@code $MLIN_CACHE}, else
 * {@code $XDG_CACHE_HOME/mlin}, else {@code ~/.cache/mlin}. One cache per machine (per user)
 * is the point: every build shares downloads and build results.
 */
public final class CacheLocation {
    private CacheLocation() {
    }

    public static Path defaultRoot() {
        return defaultRoot(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Path defaultRoot(Map<String, String> env, Path home) {
        String explicit = env.get("MLIN_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "mlin");
        }
        return home.resolve(".cache").resolve("mlin");
    }
}
