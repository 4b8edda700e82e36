package io.mlin.engine.build;

import io.mlin.engine.tree.RecipeKind;
import java.net.URI;
import java.nio.file.Path;

/**
 * A package ready for images: the folder its relative cpio locations resolve against and that
 * {@code $${name}} stands for in other packages' configure flags.
 *
 * @param folder the build folder (the package's own folder for a source-package; the extracted
 *     source tree for a kernel package, which is compiled per image group, not here)
 * @param cacheKey the build cache key ({@code null} for source-packages)
 * @param cacheHit true when the build cache already had it
 * @param sourceUrl where its source came from ({@code null} for source-packages)
 * @param sourceSha256 the source tarball's digest, or the folder digest of a folder override
 * @param overridden true when a local override replaced the recipe's source
 * @param seconds time spent on this package in this run (fetch, extract, build)
 */
public record BuiltPackage(String name, RecipeKind kind, Path folder, String cacheKey, boolean cacheHit,
        URI sourceUrl, String sourceSha256, boolean overridden, double seconds) {
}
