package io.mlin.engine.api;

import java.nio.file.Path;

/** A bootable ISO as written. */
public record IsoResult(Path file, long bytes, String sha256, String volumeId) {
}
