package io.mlin.engine.tree;

import java.nio.file.Path;
import java.util.Objects;

/** One name in a {@code deps} file, with where it was written so problems can point at it. */
public record Dependency(String name, Path file, int line) {
    public Dependency {
        Objects.requireNonNull(name, "name");
    }
}
