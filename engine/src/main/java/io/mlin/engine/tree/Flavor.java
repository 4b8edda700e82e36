package io.mlin.engine.tree;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A top-level folder with a {@code cpio_list}: a kind of image.
 *
 * @param name     the folder's name
 * @param folder   the folder; relative locations of its list resolve against it
 * @param cpioList its {@code cpio_list}
 * @param depsFile its {@code deps} file (it may not exist)
 * @param deps     its packages, in {@code deps} order
 * @param variants its {@code .var} files, sorted by name; empty for a single image
 */
public record Flavor(String name, Path folder, Path cpioList, Path depsFile, List<Dependency> deps,
        List<Variant> variants) {

    public Flavor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(cpioList, "cpioList");
        deps = List.copyOf(deps);
        variants = List.copyOf(variants);
    }

    public List<String> depNames() {
        return deps.stream().map(Dependency::name).toList();
    }
}
