package io.mlin.engine.tree;

import io.mlin.engine.Problem;
import io.mlin.engine.cpio.CpioList;
import io.mlin.engine.cpio.CpioListParser;
import io.mlin.engine.vars.Variables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads an MLin tree and checks it, collecting every problem so a user fixes a tree in one pass:
 * recipes, checksums, URLs, dependencies (unknown names, cycles), kernels per flavor, variable
 * files, cpio lists and the files each recipe kind needs.
 */
public final class TreeLoader {
    static final String MAKEFILE = "Makefile";
    static final String CPIO_LIST = "cpio_list";
    static final String DEPS = "deps";
    static final String CONFIG = "config";
    static final String DEFCONFIG = "defconfig";
    static final String VAR_SUFFIX = ".var";

    /** The tree (null when there are problems) and the problems. */
    record Result(Tree tree, List<Problem> problems) {
    }

    private final Path root;
    private final List<Problem> problems = new ArrayList<>();
    /** Every package folder's deps, also of packages whose recipe is broken (for cycles and reachability). */
    private final Map<String, List<Dependency>> depsByPackage = new TreeMap<>();
    private final SortedMap<String, Package> packages = new TreeMap<>();
    private final Map<String, Path> makefiles = new TreeMap<>();

    private TreeLoader(Path root) {
        this.root = root.normalize();
    }

    /** Every problem of the tree at {@code root}; empty when {@link Tree#load(Path)} would succeed. */
    public static List<Problem> check(Path root) {
        return load(root).problems();
    }

    static Result load(Path root) {
        TreeLoader loader = new TreeLoader(root);
        Tree tree = loader.run();
        // By file, then line, so a user reads them as an editor shows the tree; stable within a line.
        List<Problem> sorted = new ArrayList<>(loader.problems);
        sorted.sort(Comparator.comparing((Problem p) -> p.file() == null ? "" : p.file().toString())
                .thenComparingInt(Problem::line));
        return new Result(sorted.isEmpty() ? tree : null, List.copyOf(sorted));
    }

    private Tree run() {
        if (!Files.isDirectory(root)) {
            problems.add(Problem.inFile(root, "not a folder: expected an MLin tree (a folder with _pkgs/ and flavor folders)"));
            return null;
        }
        Path pkgs = root.resolve(Tree.PACKAGES_FOLDER);
        if (Files.isDirectory(pkgs)) {
            for (Path folder : subfolders(pkgs)) {
                readPackage(folder);
            }
        }
        List<Flavor> flavors = new ArrayList<>();
        for (Path folder : subfolders(root)) {
            String name = folder.getFileName().toString();
            if (!name.equals(Tree.PACKAGES_FOLDER) && Files.isRegularFile(folder.resolve(CPIO_LIST))) {
                flavors.add(readFlavor(folder));
            }
        }
        if (flavors.isEmpty()) {
            problems.add(Problem.inFile(root, "no flavor: expected a top-level folder with a cpio_list"));
        }
        checkFlagReferences();
        checkUnknownDeps(flavors);
        checkCycles();
        for (Flavor flavor : flavors) {
            checkKernel(flavor);
        }
        return new Tree(root, packages, flavors);
    }

    private List<Path> subfolders(Path dir) {
        List<Path> folders = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && !p.getFileName().toString().startsWith(".")) {
                    folders.add(p);
                }
            }
        } catch (IOException e) {
            problems.add(Problem.inFile(dir, "cannot list the folder: " + e));
        }
        folders.sort(null);
        return folders;
    }

    private void readPackage(Path folder) {
        String name = folder.getFileName().toString();
        if (!Tree.PACKAGE_NAME.matcher(name).matches()) {
            problems.add(Problem.inFile(folder, "invalid package name '" + name
                    + "': expected letters, digits, '_', '.', '+' or '-' (it becomes a Make variable and a path)"));
        }
        List<Dependency> deps = readDeps(folder.resolve(DEPS));
        depsByPackage.put(name, deps);
        Path makefile = folder.resolve(MAKEFILE);
        makefiles.put(name, makefile);
        if (!Files.isRegularFile(makefile)) {
            problems.add(Problem.inFile(makefile, "missing: expected the package's recipe, e.g. $(call source-package)"));
            return;
        }
        String content;
        try {
            content = Files.readString(makefile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.inFile(makefile, "cannot read: " + e));
            return;
        }
        Recipe recipe = MakeRecipeParser.parse(makefile, content, problems);
        Path cpioList = existing(folder.resolve(CPIO_LIST));
        Path config = existing(folder.resolve(CONFIG));
        Path defconfig = existing(folder.resolve(DEFCONFIG));
        boolean kernel = recipe != null && recipe.kind() == RecipeKind.KERNEL;
        if (cpioList != null && !kernel) {
            checkCpioList(cpioList);
        }
        if (recipe == null) {
            return;
        }
        int line = recipe.line();
        String kind = recipe.kind().makeName();
        if (recipe.kind() == RecipeKind.KCONFIG && config == null) {
            problems.add(Problem.at(makefile, line, kind + " '" + name
                    + "' has no 'config' file: expected _pkgs/" + name + "/config, the .config to build with"));
        }
        if (recipe.kind() == RecipeKind.KERNEL && defconfig == null) {
            problems.add(Problem.at(makefile, line, kind + " '" + name
                    + "' has no 'defconfig' file: expected _pkgs/" + name + "/defconfig, the kernel's defconfig"));
        }
        if (recipe.kind() != RecipeKind.KERNEL && cpioList == null) {
            problems.add(Problem.at(makefile, line, kind + " '" + name
                    + "' has no 'cpio_list': expected _pkgs/" + name + "/cpio_list, what the package puts into the initramfs"));
        }
        packages.put(name, new Package(name, folder, recipe, deps, cpioList, config, defconfig));
    }

    private static Path existing(Path file) {
        return Files.isRegularFile(file) ? file : null;
    }

    private Flavor readFlavor(Path folder) {
        String name = folder.getFileName().toString();
        Path cpioList = folder.resolve(CPIO_LIST);
        Path depsFile = folder.resolve(DEPS);
        List<Dependency> deps = readDeps(depsFile);
        checkCpioList(cpioList);
        List<Variant> variants = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*" + VAR_SUFFIX)) {
            for (Path varFile : ds) {
                // Make's $(wildcard *.var) skips hidden files, so ".var" or ".old.var" is no variant
                if (Files.isRegularFile(varFile) && !varFile.getFileName().toString().startsWith(".")) {
                    String file = varFile.getFileName().toString();
                    variants.add(new Variant(file.substring(0, file.length() - VAR_SUFFIX.length()), varFile));
                }
            }
        } catch (IOException e) {
            problems.add(Problem.inFile(folder, "cannot list the variable files: " + e));
        }
        variants.sort((a, b) -> a.name().compareTo(b.name()));
        for (Variant v : variants) {
            problems.addAll(Variables.check(v.varFile()));
        }
        return new Flavor(name, folder, cpioList, depsFile, deps, variants);
    }

    /** One package per word, usually one per line (Make reads the file as words). Blank lines are skipped. */
    private List<Dependency> readDeps(Path file) {
        List<Dependency> deps = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return deps;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Problem.inFile(file, "cannot read: " + e));
            return deps;
        }
        for (int i = 0; i < lines.size(); i++) {
            for (String word : lines.get(i).trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    deps.add(new Dependency(word, file, i + 1));
                }
            }
        }
        return deps;
    }

    private void checkCpioList(Path list) {
        try {
            // Only the syntax is checked here; ${VAR} expands from this process's environment as in MLin.
            problems.addAll(CpioListParser.parse(CpioList.of(list), System.getenv()).problems());
        } catch (IOException e) {
            problems.add(Problem.inFile(list, "cannot read: " + e));
        }
    }

    private void checkFlagReferences() {
        for (Package p : packages.values()) {
            Set<String> reported = new HashSet<>();
            for (FlagWord word : p.recipe().flags()) {
                for (String ref : word.referencedPackages()) {
                    if (!reported.add(ref)) {
                        continue;
                    }
                    if (!depsByPackage.containsKey(ref)) {
                        problems.add(Problem.at(p.recipe().makefile(), p.recipe().line(), "FLAGS refer to $${" + ref
                                + "}, which is no package: expected the name of a folder in _pkgs" + known()));
                    } else if (!reachable(p.deps()).containsKey(ref)) {
                        problems.add(Problem.at(p.recipe().makefile(), p.recipe().line(), "FLAGS refer to $${" + ref
                                + "}, which is not among the dependencies of '" + p.name() + "': expected " + ref
                                + " in _pkgs/" + p.name() + "/deps (directly or through their deps), so it is built first"));
                    }
                }
            }
        }
    }

    private void checkUnknownDeps(List<Flavor> flavors) {
        List<Dependency> all = new ArrayList<>();
        depsByPackage.values().forEach(all::addAll);
        flavors.forEach(f -> all.addAll(f.deps()));
        for (Dependency d : all) {
            if (!depsByPackage.containsKey(d.name())) {
                problems.add(Problem.at(d.file(), d.line(), "unknown package '" + d.name()
                        + "': expected the name of a folder in _pkgs" + known()));
            }
        }
    }

    private String known() {
        return depsByPackage.isEmpty() ? " (there is none)" : " (known: " + String.join(", ", depsByPackage.keySet()) + ")";
    }

    /** Reports each dependency cycle once, as {@code a -> b -> a}, at the deps line that closes it. */
    private void checkCycles() {
        Set<String> finished = new HashSet<>();
        Set<String> reportedCycles = new HashSet<>();
        for (String start : depsByPackage.keySet()) {
            List<String> stack = new ArrayList<>();
            visitForCycles(start, stack, finished, reportedCycles);
        }
    }

    private void visitForCycles(String name, List<String> stack, Set<String> finished, Set<String> reported) {
        if (finished.contains(name) || !depsByPackage.containsKey(name)) {
            return;
        }
        stack.add(name);
        for (Dependency d : depsByPackage.get(name)) {
            int at = stack.indexOf(d.name());
            if (at >= 0) {
                List<String> cycle = new ArrayList<>(stack.subList(at, stack.size()));
                if (reported.add(String.join(" ", new TreeSet<>(cycle)) + "|" + cycle.size())) {
                    cycle.add(d.name());
                    problems.add(Problem.at(d.file(), d.line(), "dependency cycle: " + String.join(" -> ", cycle)
                            + ": expected packages that do not depend on themselves"));
                }
            } else {
                visitForCycles(d.name(), stack, finished, reported);
            }
        }
        stack.remove(stack.size() - 1);
        finished.add(name);
    }

    private Map<String, Boolean> reachable(List<Dependency> deps) {
        Map<String, Boolean> reached = new LinkedHashMap<>();
        for (Dependency d : deps) {
            reach(d.name(), reached);
        }
        return reached;
    }

    private void checkKernel(Flavor flavor) {
        Map<String, Boolean> reached = reachable(flavor.deps());
        List<String> kernels = new ArrayList<>();
        for (String name : reached.keySet()) {
            Package p = packages.get(name);
            if (p != null && p.isKernel()) {
                kernels.add(name);
            }
        }
        Path where = flavor.depsFile();
        if (kernels.isEmpty()) {
            if (hasBrokenRecipe(reached.keySet())) {
                return; // the recipe problem is the cause; a second message would mislead
            }
            problems.add(Problem.inFile(where, "flavor '" + flavor.name() + "' reaches no kernel package:"
                    + " expected exactly one kernel-package among its deps (directly or through their deps)"));
        } else if (kernels.size() > 1) {
            kernels.sort(null);
            problems.add(Problem.inFile(where, "flavor '" + flavor.name() + "' reaches " + kernels.size()
                    + " kernel packages (" + String.join(", ", kernels) + "): expected exactly one"));
        }
    }

    private boolean hasBrokenRecipe(Set<String> names) {
        for (String name : names) {
            if (depsByPackage.containsKey(name) && !packages.containsKey(name)) {
                return true;
            }
        }
        return false;
    }

    private void reach(String name, Map<String, Boolean> reached) {
        if (reached.containsKey(name) || !depsByPackage.containsKey(name)) {
            return;
        }
        reached.put(name, Boolean.TRUE);
        for (Dependency d : depsByPackage.get(name)) {
            reach(d.name(), reached);
        }
    }
}
