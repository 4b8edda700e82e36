package io.mlin.engine.api;

import java.nio.file.Path;
import java.util.List;

/** Everything built for one image by {@link MlinEngine#build}. */
public record ImageResult(String name, Path cpio, Path kernel, Path iso, long isoBytes, String isoSha256,
        String kernelVersion, List<String> warnings) {
    public ImageResult {
        warnings = List.copyOf(warnings);
    }
}
