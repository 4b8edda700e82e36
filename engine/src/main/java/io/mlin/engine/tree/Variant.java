package io.mlin.engine.tree;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@code <flavor>/<name>.var} file: one image of the flavor. Only where the values are is kept
 * here; they are read when an image is built (they may be secret).
 */
public record Variant(String name, Path varFile) {
    public Variant {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(varFile, "varFile");
    }
}
