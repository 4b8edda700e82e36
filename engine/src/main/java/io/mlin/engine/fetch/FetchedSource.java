package io.mlin.engine.fetch;

import java.net.URI;
import java.nio.file.Path;

/**
 * A source ready to use.
 *
 * @param packageName the package it belongs to
 * @param file the verified tarball in the download cache; for an override, the local tarball or
 *     the local source folder
 * @param sha256 the tarball's digest (equal to the recipe's unless overridden); for a folder
 *     override, the {@link io.mlin.engine.cache.TreeDigest} of the folder
 * @param usedUrl where the bytes came from: the recipe URL or its mirror (for a cache hit, the
 *     recipe URL), or the override's file: URI
 * @param overridden true when a local override replaced the recipe's source: the build is not
 *     what the recipe describes, and a report should say so
 */
public record FetchedSource(String packageName, Path file, String sha256, URI usedUrl, boolean overridden) {
}
