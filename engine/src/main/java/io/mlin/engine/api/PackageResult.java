package io.mlin.engine.api;

import java.nio.file.Path;

/** A built package: its build folder in the cache, the key it is cached under, and whether the cache had it. */
public record PackageResult(String name, Path buildDir, String cacheKey, boolean cacheHit) {
}
