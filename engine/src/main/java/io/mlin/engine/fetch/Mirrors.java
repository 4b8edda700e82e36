package io.mlin.engine.fetch;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * URL prefix rewriting, e.g. {@code https://ftp.gnu.org/gnu/=https://mirror.local/gnu/}: a URL
 * that starts with a prefix is fetched from the replacement instead; the longest matching prefix
 * wins. The recipe's sha256 is checked as always, so a mirror cannot change what is built.
 */
public final class Mirrors {
    private final Map<String, String> byPrefix;

    private Mirrors(Map<String, String> byPrefix) {
        this.byPrefix = Map.copyOf(byPrefix);
    }

    public static Mirrors none() {
        return new Mirrors(Map.of());
    }

    /** From prefix to replacement. */
    public static Mirrors of(Map<String, String> byPrefix) {
        for (Map.Entry<String, String> e : byPrefix.entrySet()) {
            if (e.getKey().isEmpty() || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("a mirror needs a prefix and a replacement: " + e);
            }
            URI.create(e.getValue());
        }
        return new Mirrors(byPrefix);
    }

    /**
     * From {@code PREFIX=REPLACEMENT} lines (as given on a command line or in a settings file).
     * The first {@code =} separates them (URLs may hold more). A prefix given twice is an error.
     */
    public static Mirrors parse(Collection<String> specs) {
        Map<String, String> map = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (String spec : specs) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                bad.add("a mirror is PREFIX=REPLACEMENT, not '" + spec + "'");
            } else if (map.put(spec.substring(0, eq), spec.substring(eq + 1)) != null) {
                bad.add("mirror prefix given twice: " + spec.substring(0, eq));
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", bad));
        }
        return of(map);
    }

    /** The URL to fetch instead of {@code url}: rewritten by the longest matching prefix, or unchanged. */
    public URI rewrite(URI url) {
        String text = url.toString();
        String best = null;
        for (String prefix : byPrefix.keySet()) {
            if (text.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? url : URI.create(byPrefix.get(best) + text.substring(best.length()));
    }
}
