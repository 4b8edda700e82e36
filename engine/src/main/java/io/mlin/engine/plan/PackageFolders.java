package io.mlin.engine.plan;

import io.mlin.engine.tree.Package;
import io.mlin.engine.tree.RecipeKind;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the relative {@code file} locations of a package's cpio list resolve: a source package's
 * own folder, a built package's build folder. The build supplies built folders; until a package is
 * built it has none.
 */
@FunctionalInterface
public interface PackageFolders {

    /** The folder for {@code pkg}, or empty when it needs a build that has not happened. */
    Optional<Path> folderOf(Package pkg);

    /** Source packages resolve against their folder in the tree; every other package is not built. */
    static PackageFolders sourcePackagesOnly() {
        return pkg -> pkg.kind() == RecipeKind.SOURCE ? Optional.of(pkg.folder()) : Optional.empty();
    }

    /** Source packages as in {@link #sourcePackagesOnly()}, built packages from {@code built} (by name). */
    static PackageFolders withBuilt(Map<String, Path> built) {
        Map<String, Path> copy = Map.copyOf(built);
        return pkg -> pkg.kind() == RecipeKind.SOURCE
                ? Optional.of(pkg.folder())
                : Optional.ofNullable(copy.get(pkg.name()));
    }
}
