package io.mlin.engine.plan;

import io.mlin.engine.MlinException;
import io.mlin.engine.tree.Dependency;
import io.mlin.engine.tree.Flavor;
import io.mlin.engine.tree.Package;
import io.mlin.engine.tree.Tree;
import io.mlin.engine.tree.Variant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a tree builds: one image per flavor and variant, each with its packages in build order,
 * its kernel and its cpio lists in archive order.
 *
 * <p>Order rules, as MLin's Makefile gives them: a package's lists are those of its deps (in
 * {@code deps} order, depth first) and then its own; an image's lists are those of the flavor's
 * deps and then the flavor's own list; a list that appears again is left out (Make's {@code $^}
 * keeps the first occurrence). A kernel package adds no list of its own. Packages are built in the
 * same depth-first order, so every dependency comes before what needs it.
 */
public final class Plan {
    private final Tree tree;
    private final List<Image> images;

    private Plan(Tree tree, List<Image> images) {
        this.tree = tree;
        this.images = List.copyOf(images);
    }

    /** A cpio list of an image and whose it is: a package's ({@code owner} set) or the flavor's own. */
    public record ListRef(Path file, Package owner) {
        public ListRef {
            Objects.requireNonNull(file, "file");
        }

        public boolean isFlavorList() {
            return owner == null;
        }
    }

    /**
     * One image.
     *
     * @param name      {@code <flavor>} or {@code <flavor>/<variant>}
     * @param flavor    its flavor
     * @param variant   its variant, or {@code null} when the flavor has no {@code .var} files
     * @param kernel    the one kernel package the flavor reaches
     * @param packages  every package it reaches, dependencies before dependents
     * @param cpioLists its lists in archive order, the flavor's own last
     */
    public record Image(String name, Flavor flavor, Variant variant, Package kernel, List<Package> packages,
            List<ListRef> cpioLists) {

        public Image {
            packages = List.copyOf(packages);
            cpioLists = List.copyOf(cpioLists);
        }

        /** The variant's name, or {@code null}. */
        public String variantName() {
            return variant == null ? null : variant.name();
        }

        public List<String> packageNames() {
            return packages.stream().map(Package::name).toList();
        }
    }

    /** The plan of a loaded (and therefore valid) tree. */
    public static Plan of(Tree tree) {
        List<Image> images = new ArrayList<>();
        for (Flavor flavor : tree.flavors()) {
            List<Package> order = buildOrder(tree, flavor);
            List<Package> kernels = order.stream().filter(Package::isKernel).toList();
            if (kernels.size() != 1) {
                // Tree.load refuses such trees; this guards trees assembled another way.
                throw new MlinException("flavor '" + flavor.name() + "' reaches " + kernels.size()
                        + " kernel packages: expected exactly one");
            }
            List<ListRef> lists = new ArrayList<>();
            for (Package p : order) {
                if (p.contributesCpioList()) {
                    lists.add(new ListRef(p.cpioList(), p));
                }
            }
            lists.add(new ListRef(flavor.cpioList(), null));
            if (flavor.variants().isEmpty()) {
                images.add(new Image(flavor.name(), flavor, null, kernels.get(0), order, lists));
            } else {
                for (Variant v : flavor.variants()) {
                    images.add(new Image(flavor.name() + "/" + v.name(), flavor, v, kernels.get(0), order, lists));
                }
            }
        }
        images.sort(Comparator.comparing(Image::name));
        return new Plan(tree, images);
    }

    /** Depth-first post-order over the flavor's deps, each package once. */
    private static List<Package> buildOrder(Tree tree, Flavor flavor) {
        Set<Package> order = new LinkedHashSet<>();
        for (Dependency d : flavor.deps()) {
            visit(tree, d.name(), order, new LinkedHashSet<>());
        }
        return new ArrayList<>(order);
    }

    private static void visit(Tree tree, String name, Set<Package> order, Set<String> path) {
        Package p = tree.findPackage(name).orElseThrow(() -> new MlinException("unknown package '" + name + "'"));
        if (order.contains(p)) {
            return;
        }
        if (!path.add(name)) {
            throw new MlinException("dependency cycle through '" + name + "'");
        }
        for (Dependency d : p.deps()) {
            visit(tree, d.name(), order, path);
        }
        path.remove(name);
        order.add(p);
    }

    public Tree tree() {
        return tree;
    }

    /** Every image, sorted by name. */
    public List<Image> images() {
        return images;
    }

    public Optional<Image> findImage(String name) {
        return images.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /**
     * The image called {@code name}.
     *
     * @throws MlinException naming the known images when there is none
     */
    public Image image(String name) {
        return findImage(name).orElseThrow(() -> new MlinException("no image '" + name + "' in " + tree.root()
                + ": expected one of " + images.stream().map(Image::name).collect(Collectors.joining(", "))));
    }
}
