package io.mlin.engine.tree;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A folder of {@code _pkgs}: its recipe and the files a build needs.
 *
 * @param name      the folder's name
 * @param folder    the package folder in the tree
 * @param recipe    the parsed {@code $(call ...)}
 * @param deps      the packages it needs, in {@code deps} order
 * @param cpioList  its {@code cpio_list}, or {@code null} if it has none (kernel packages)
 * @param config    the kconfig {@code config}, or {@code null}
 * @param defconfig the kernel {@code defconfig}, or {@code null}
 */
public record Package(String name, Path folder, Recipe recipe, List<Dependency> deps, Path cpioList, Path config,
        Path defconfig) {

    public Package {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(recipe, "recipe");
        deps = List.copyOf(deps);
    }

    public RecipeKind kind() {
        return recipe.kind();
    }

    public boolean isKernel() {
        return recipe.kind() == RecipeKind.KERNEL;
    }

    /** Names of the packages it needs, in {@code deps} order. */
    public List<String> depNames() {
        return deps.stream().map(Dependency::name).toList();
    }

    /**
     * Whether its {@code cpio_list} goes into images. A kernel package's list is never used:
     * MLin's Makefile only harvests lists of source, kconfig and configure packages.
     */
    public boolean contributesCpioList() {
        return cpioList != null && !isKernel();
    }

    @Override
    public String toString() {
        return name + " (" + recipe.kind().makeName() + ")";
    }
}
