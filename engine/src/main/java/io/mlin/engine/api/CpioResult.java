package io.mlin.engine.api;

import java.nio.file.Path;

/** An image's initramfs as written: where, how big, its sha256 and how many entries it holds. */
public record CpioResult(Path file, long bytes, String sha256, int entries) {
}
