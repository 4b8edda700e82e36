package io.mlin.engine.build;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.cache.BuildCache;
import io.mlin.engine.cache.CacheKey;
import io.mlin.engine.cache.FileTrees;
import io.mlin.engine.fetch.Extractor;
import io.mlin.engine.fetch.FetchedSource;
import io.mlin.engine.fetch.SourceFetcher;
import io.mlin.engine.fetch.SourceRequest;
import io.mlin.engine.tree.FlagWord;
import io.mlin.engine.tree.Package;
import io.mlin.engine.tree.RecipeKind;
import io.mlin.engine.tree.Tree;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the packages of a tree: fetches and verifies each source, extracts it, runs its recipe,
 * and keeps the result in the build cache under a key over everything that affects it (recipe,
 * source digest, config, dependency keys, flags, compiler). An unchanged package is never built
 * twice on a machine.
 *
 * <p>Recipes (see docs/build.md): a kconfig-package gets its {@code config} as {@code .config}
 * and runs {@code make -jN} with {@code CFLAGS}/{@code LDFLAGS} in the environment; a
 * configure-package runs {@code ./configure CFLAGS=... LDFLAGS=... --prefix=/ FLAGS} with each
 * {@code $${pkg}} replaced by that package's build folder, then {@code make -jN}. Kernel packages
 * are only fetched and extracted here: {@link TreeBuild} compiles them once per defconfig.
 *
 * <p>One instance serves one build run; it remembers what it built so far and is safe for one
 * thread at a time (the tree builder calls it under its own lock).
 */
public final class PackageBuilder {
    private final Tree tree;
    private final BuildOptions options;
    private final SourceFetcher fetcher;
    private final BuildCache cache;
    private final ProcessRunner runner;
    private final Map<String, BuiltPackage> built = new HashMap<>();
    private String compilerVersion;

    public PackageBuilder(Tree tree, BuildOptions options) {
        this.tree = tree;
        this.options = options;
        this.fetcher = new SourceFetcher(options.cacheDir(), options.mirrors(), options.overrides(), options.log());
        this.cache = new BuildCache(options.cacheDir());
        this.runner = new ProcessRunner(options.log());
    }

    /** Every package built so far in this run, by name. */
    public synchronized Map<String, BuiltPackage> built() {
        return Map.copyOf(built);
    }

    /**
     * Builds {@code name} after its dependencies and the packages its flags refer to, or takes
     * each from the cache.
     */
    public synchronized BuiltPackage build(String name) throws IOException, InterruptedException {
        return build(name, new LinkedHashSet<>());
    }

    private BuiltPackage build(String name, Set<String> path) throws IOException, InterruptedException {
        BuiltPackage done = built.get(name);
        if (done != null) {
            return done;
        }
        Package pkg = tree.findPackage(name).orElseThrow(() -> new MlinException("no package '" + name + "' in "
                + tree.root().resolve(Tree.PACKAGES_FOLDER) + ": expected one of " + tree.packages().keySet()));
        if (!path.add(name)) {
            throw new MlinException("dependency cycle: " + String.join(" -> ", path) + " -> " + name);
        }
        Map<String, BuiltPackage> needed = new HashMap<>();
        for (String dep : prerequisites(pkg)) {
            needed.put(dep, build(dep, path));
        }
        path.remove(name);
        long start = System.nanoTime();
        BuiltPackage result = switch (pkg.kind()) {
            case SOURCE -> new BuiltPackage(name, RecipeKind.SOURCE, pkg.folder(), null, false, null, null, false, 0);
            case KERNEL -> extractKernel(pkg, start);
            case KCONFIG, CONFIGURE -> compile(pkg, needed, start);
        };
        built.put(name, result);
        return result;
    }

    /** Dependencies in deps order, then packages named by {@code $${...}} in configure flags. */
    private static List<String> prerequisites(Package pkg) {
        Set<String> names = new LinkedHashSet<>(pkg.depNames());
        for (FlagWord word : pkg.recipe().flags()) {
            names.addAll(word.referencedPackages());
        }
        names.remove(pkg.name());
        return new ArrayList<>(names);
    }

    private FetchedSource fetch(Package pkg) throws IOException, InterruptedException {
        return fetcher.fetch(new SourceRequest(pkg.name(), URI.create(pkg.recipe().url()), pkg.recipe().sha256()));
    }

    /** Kernel sources are extracted once into the cache; the compile happens per defconfig in {@link TreeBuild}. */
    private BuiltPackage extractKernel(Package pkg, long start) throws IOException, InterruptedException {
        FetchedSource source = fetch(pkg);
        String key = CacheKey.builder()
                .add("what", "extracted kernel source")
                .add("source-sha256", source.sha256())
                .build();
        boolean hit = cache.lookup(key).isPresent();
        Path entry = cache.getOrBuild(key, folder -> {
            options.log().info("[" + pkg.name() + "] extracting " + source.file().getFileName());
            unpack(source, folder);
        });
        return new BuiltPackage(pkg.name(), pkg.kind(), topFolder(entry, pkg), key, hit, source.usedUrl(),
                source.sha256(), source.overridden(), seconds(start));
    }

    private BuiltPackage compile(Package pkg, Map<String, BuiltPackage> needed, long start)
            throws IOException, InterruptedException {
        FetchedSource source = fetch(pkg);
        List<String> configureArgs = pkg.kind() == RecipeKind.CONFIGURE ? configureArgs(pkg, needed) : List.of();
        CacheKey.Builder key = CacheKey.builder()
                .add("what", "package build")
                .add("recipe", pkg.kind().name())
                .add("source-sha256", source.sha256())
                .add("configure-args", configureArgs)
                .add("cflags", options.cflags())
                .add("ldflags", options.ldflags())
                .add("compiler", compilerVersion());
        if (pkg.config() != null) {
            key.addFileContent("config", pkg.config());
        }
        for (String dep : prerequisites(pkg)) {
            BuiltPackage d = needed.get(dep);
            key.add("dependency " + dep, d.cacheKey() != null ? d.cacheKey() : "source " + d.folder());
        }
        String cacheKey = key.build();
        boolean hit = cache.lookup(cacheKey).isPresent();
        if (hit) {
            options.log().info("[" + pkg.name() + "] up to date (build cache " + cacheKey.substring(0, 12) + ")");
        }
        Path entry = cache.getOrBuild(cacheKey, folder -> {
            Path src = unpack(source, folder);
            runRecipe(pkg, src, configureArgs);
        });
        return new BuiltPackage(pkg.name(), pkg.kind(), topFolder(entry, pkg), cacheKey, hit, source.usedUrl(),
                source.sha256(), source.overridden(), seconds(start));
    }

    /** Extracts a tarball, or copies an overriding folder, into {@code folder}; returns the source tree. */
    private Path unpack(FetchedSource source, Path folder) throws IOException {
        if (Files.isDirectory(source.file())) {
            Path target = folder.resolve(source.file().getFileName().toString());
            FileTrees.copy(source.file(), target, p -> { });
            return target;
        }
        return Extractor.extract(source.file(), folder);
    }

    private void runRecipe(Package pkg, Path src, List<String> configureArgs) throws IOException, InterruptedException {
        String prefix = "[" + pkg.name() + "] ";
        Path logs = options.logDir();
        switch (pkg.kind()) {
            case KCONFIG -> {
                Files.copy(pkg.config(), src.resolve(".config"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                options.log().info(prefix + "make -j" + options.jobs() + " (kconfig-package, log: "
                        + logs.resolve(pkg.name() + "-make.log") + ")");
                runner.run(withFlags(ProcessRunner.Command.of("make", "-j" + options.jobs()))
                        .in(src).prefix(prefix).echo(options.verbose()).logTo(logs.resolve(pkg.name() + "-make.log")));
            }
            case CONFIGURE -> {
                List<String> configure = new ArrayList<>();
                configure.add("./configure");
                configure.addAll(configureArgs);
                options.log().info(prefix + "configure and make -j" + options.jobs() + " (log: "
                        + logs.resolve(pkg.name() + "-configure.log") + ")");
                runner.run(withFlags(ProcessRunner.Command.of(configure)).in(src).prefix(prefix)
                        .echo(options.verbose()).logTo(logs.resolve(pkg.name() + "-configure.log")));
                runner.run(withFlags(ProcessRunner.Command.of("make", "-j" + options.jobs()))
                        .in(src).prefix(prefix).echo(options.verbose()).logTo(logs.resolve(pkg.name() + "-make.log")));
            }
            default -> throw new IllegalStateException("not a compiled recipe: " + pkg.kind());
        }
    }

    private ProcessRunner.Command withFlags(ProcessRunner.Command command) {
        return command.env("CFLAGS", options.cflags()).env("LDFLAGS", options.ldflags());
    }

    /** {@code CFLAGS=... LDFLAGS=... --prefix=/ FLAGS}, with {@code $${pkg}} rendered as build folders. */
    private List<String> configureArgs(Package pkg, Map<String, BuiltPackage> needed) {
        List<String> args = new ArrayList<>();
        args.add("CFLAGS=" + options.cflags());
        args.add("LDFLAGS=" + options.ldflags());
        args.add("--prefix=/");
        for (FlagWord word : pkg.recipe().flags()) {
            args.add(word.render(ref -> needed.get(ref).folder().toString()));
        }
        return args;
    }

    /** The single source folder inside a cache entry. */
    private static Path topFolder(Path entry, Package pkg) throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(entry, Files::isDirectory)) {
            ds.forEach(dirs::add);
        }
        if (dirs.size() != 1) {
            throw new MlinException(Problem.inFile(entry, "build cache entry of package " + pkg.name()
                    + " should hold one source folder, found " + dirs.size()));
        }
        return dirs.get(0);
    }

    /** The first line of {@code cc --version}: a compiler upgrade invalidates package builds. */
    private String compilerVersion() throws IOException, InterruptedException {
        if (compilerVersion == null) {
            ProcessRunner.Result r = runner.run(ProcessRunner.Command.of("cc", "--version").echo(false));
            compilerVersion = r.tail().isEmpty() ? "unknown" : r.tail().get(0);
        }
        return compilerVersion;
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    }
}
