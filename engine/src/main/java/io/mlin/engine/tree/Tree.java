package io.mlin.engine.tree;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An MLin tree as read from disk and validated: its packages ({@code _pkgs/*}), flavors (top-level
 * folders with a {@code cpio_list}) and their variants ({@code *.var}). A {@code Tree} only exists
 * for a tree without problems; {@link TreeLoader#check(Path)} lists them all.
 */
public final class Tree {
    /** The folder holding one folder per package. */
    public static final String PACKAGES_FOLDER = "_pkgs";
    /** Tarball formats a recipe URL may name; the extracted folder is the name without them. */
    public static final List<String> TARBALL_EXTENSIONS = List.of(".tar.gz", ".tar.bz2", ".tar.xz");
    /** What a package (folder) name may look like, so it can be a Make variable and a path segment. */
    public static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*");

    private final Path root;
    private final SortedMap<String, Package> packages;
    private final List<Flavor> flavors;

    Tree(Path root, SortedMap<String, Package> packages, List<Flavor> flavors) {
        this.root = root;
        this.packages = Collections.unmodifiableSortedMap(new TreeMap<>(packages));
        this.flavors = List.copyOf(flavors);
    }

    /**
     * Reads and validates the tree at {@code root}.
     *
     * @throws MlinException with every problem found, each naming its file and line
     */
    public static Tree load(Path root) {
        TreeLoader.Result result = TreeLoader.load(root);
        if (!result.problems().isEmpty()) {
            throw new MlinException(result.problems());
        }
        return result.tree();
    }

    /** The tree's folder, as it was given (paths in problems and in the model start with it). */
    public Path root() {
        return root;
    }

    /** Packages by name, sorted. */
    public SortedMap<String, Package> packages() {
        return packages;
    }

    /** The package called {@code name}. */
    public Optional<Package> findPackage(String name) {
        return Optional.ofNullable(packages.get(name));
    }

    /** Flavors sorted by name. */
    public List<Flavor> flavors() {
        return flavors;
    }

    public Optional<Flavor> findFlavor(String name) {
        return flavors.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** {@code path} relative to the tree root, for messages and listings ({@code _pkgs/busybox/cpio_list}). */
    public String display(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        Path base = root.toAbsolutePath().normalize();
        return abs.startsWith(base) ? base.relativize(abs).toString() : path.toString();
    }


    @Override
    public String toString() {
        return "Tree[" + root + ": " + packages.size() + " packages, " + flavors.size() + " flavors]";
    }

    /** Convenience for callers that hold problems of their own to merge. */
    public static List<Problem> check(Path root) {
        return TreeLoader.check(root);
    }
}
