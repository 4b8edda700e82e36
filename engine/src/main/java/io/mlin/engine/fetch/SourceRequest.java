package io.mlin.engine.fetch;

import io.mlin.engine.cache.Sha256;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * A package's source as its recipe names it: the tarball's URL and its expected SHA-256.
 *
 * @param packageName the package (its folder name in {@code _pkgs/}), used in messages and overrides
 * @param url an {@code http:}, {@code https:} or {@code file:} URL; its last path segment is the file name
 * @param sha256 64 hex digits (case ignored, stored lowercase)
 */
public record SourceRequest(String packageName, URI url, String sha256) {

    public SourceRequest {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(sha256, "sha256");
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (!Sha256.isHex64(sha256)) {
            throw new IllegalArgumentException("package " + packageName + ": a sha256 is 64 hex digits, not '" + sha256 + "'");
        }
    }
}
