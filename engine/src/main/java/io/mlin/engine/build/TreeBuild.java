package io.mlin.engine.build;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.api.VariableSource;
import io.mlin.engine.cache.BuildCache;
import io.mlin.engine.cache.CacheKey;
import io.mlin.engine.cache.Sha256;
import io.mlin.engine.cpio.CpioLine;
import io.mlin.engine.cpio.CpioList;
import io.mlin.engine.cpio.CpioListParser;
import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.cpio.CpioSummary;
import io.mlin.engine.cpio.CpioType;
import io.mlin.engine.iso.IsoOptions;
import io.mlin.engine.iso.IsoSummary;
import io.mlin.engine.iso.IsoWriter;
import io.mlin.engine.kernel.KernelBuild;
import io.mlin.engine.kernel.KernelResult;
import io.mlin.engine.plan.ImageInitramfs;
import io.mlin.engine.plan.PackageFolders;
import io.mlin.engine.plan.Plan;
import io.mlin.engine.tree.Flavor;
import io.mlin.engine.tree.Package;
import io.mlin.engine.tree.Tree;
import io.mlin.engine.tree.Variant;
import io.mlin.engine.util.AtomicFiles;
import io.mlin.engine.util.Json;
import io.mlin.engine.vars.Variables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * MLin's pipeline for one tree: packages, then per image the initramfs, the kernel and the ISO.
 *
 * <p>Unlike MLin, which compiles the kernel once per image, the kernel is compiled once per
 * (kernel source, defconfig, compiler) in a kernel object folder in the cache; each image then
 * only swaps its initramfs and relinks. A bzImage for a given object folder and initramfs is kept
 * in the cache too, so rebuilding an unchanged image runs no {@code make} at all.
 *
 * <p>Each step is public so the CLI and the Jenkins steps can run them one by one; {@link
 * #buildImages} runs the whole chain and writes {@code report.json}.
 */
public final class TreeBuild {
    private final Tree tree;
    private final Plan plan;
    private final BuildOptions options;
    private final PackageBuilder packages;
    private final BuildCache cache;

    /** A step's product and how it was made. */
    public record CpioOutcome(Path file, CpioSummary summary, String sha256, Map<String, Long> perList) {
    }

    /** The bzImage written for an image. */
    public record KernelOutcome(Path bzImage, String kernelRelease, String work, List<String> warnings,
            double seconds) {
    }

    /**
     * Loads and validates the tree.
     *
     * @throws MlinException with every problem of the tree
     */
    public TreeBuild(Path root, BuildOptions options) {
        this.tree = Tree.load(root);
        this.plan = Plan.of(tree);
        this.options = options;
        this.packages = new PackageBuilder(tree, options);
        this.cache = new BuildCache(options.cacheDir());
    }

    public Tree tree() {
        return tree;
    }

    /**
     * The images of the tree. With a {@link VariableSource.Kind#DIRECTORY} source, a flavor's
     * variants are the {@code *.var} files of {@code <dir>/<flavor>/} when that folder exists
     * (variable files kept outside the tree define the variants), else the tree's own.
     */
    public List<Plan.Image> images(VariableSource vars) {
        if (vars.kind() != VariableSource.Kind.DIRECTORY) {
            return plan.images();
        }
        Map<String, List<Variant>> external = new TreeMap<>();
        List<Plan.Image> result = new ArrayList<>();
        for (Plan.Image image : plan.images()) {
            Flavor flavor = image.flavor();
            List<Variant> variants = external.computeIfAbsent(flavor.name(), f -> variantsIn(vars.path().resolve(f)));
            if (variants == null) {
                result.add(image);
            } else if (image.variant() == null || image.variant().equals(flavor.variants().get(0))) {
                // one base image per flavor expands into the external variants
                for (Variant v : variants) {
                    result.add(new Plan.Image(flavor.name() + "/" + v.name(), flavor, v, image.kernel(),
                            image.packages(), image.cpioLists()));
                }
            }
        }
        result.sort(Comparator.comparing(Plan.Image::name));
        return result;
    }

    private static List<Variant> variantsIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        List<Variant> found = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "*.var")) {
            for (Path p : ds) {
                String file = p.getFileName().toString();
                found.add(new Variant(file.substring(0, file.length() - ".var".length()), p));
            }
        } catch (IOException e) {
            throw new MlinException(Problem.inFile(folder, "cannot list variable files: " + e.getMessage()));
        }
        found.sort(Comparator.comparing(Variant::name));
        return found.isEmpty() ? null : found;
    }

    /** The image called {@code name}, or an error listing the known ones. */
    public Plan.Image image(String name, VariableSource vars) {
        List<Plan.Image> all = images(vars);
        return all.stream().filter(i -> i.name().equals(name)).findFirst()
                .orElseThrow(() -> new MlinException("no image '" + name + "' in " + tree.root() + ": expected one of "
                        + String.join(", ", all.stream().map(Plan.Image::name).toList())));
    }

    /** Builds a package and everything it needs, or takes them from the cache. */
    public BuiltPackage buildPackage(String name) throws IOException, InterruptedException {
        return packages.build(name);
    }

    /** Every package built so far in this run. */
    public Map<String, BuiltPackage> builtPackages() {
        return packages.built();
    }

    /**
     * Writes the image's initramfs, building the packages whose lists need a build folder first.
     */
    public CpioOutcome initramfs(Plan.Image image, VariableSource vars, Path output)
            throws IOException, InterruptedException {
        return initramfs(image, vars, output, CpioOptions.reproducible().withEpoch(options.epoch()));
    }

    /** As {@link #initramfs(Plan.Image, VariableSource, Path)}, with the archive's timestamps chosen by the caller. */
    public CpioOutcome initramfs(Plan.Image image, VariableSource vars, Path output, CpioOptions cpioOptions)
            throws IOException, InterruptedException {
        Map<String, Path> folders = new LinkedHashMap<>();
        for (Package p : image.packages()) {
            // every package but the kernel: their lists, or the libraries other packages link
            if (!p.isKernel()) {
                folders.put(p.name(), packages.build(p.name()).folder());
            }
        }
        CpioSummary summary = ImageInitramfs.write(image, variables(image, vars), output, cpioOptions,
                PackageFolders.withBuilt(folders));
        return new CpioOutcome(output, summary, Sha256.ofFile(output), dataBytesPerList(image, folders, cpioOptions));
    }

    /** Bytes of file data each list contributes, for the report. */
    private static Map<String, Long> dataBytesPerList(Plan.Image image, Map<String, Path> folders, CpioOptions o)
            throws IOException {
        Map<String, Long> perList = new LinkedHashMap<>();
        for (Plan.ListRef ref : image.cpioLists()) {
            Path base = ref.isFlavorList() ? image.flavor().folder() : folders.get(ref.owner().name());
            long bytes = 0;
            for (CpioLine line : CpioListParser.parse(new CpioList(ref.file(), base), o.environment()).lines()) {
                if (line.type() == CpioType.FILE && line.source() != null && Files.isRegularFile(line.source())) {
                    bytes += Files.size(line.source());
                }
            }
            perList.put(ref.isFlavorList() ? "<" + image.flavor().name() + ">" : ref.owner().name(), bytes);
        }
        return perList;
    }

    private static Variables variables(Plan.Image image, VariableSource vars) {
        switch (vars.kind()) {
            case FILE:
                return Variables.fromFile(vars.path());
            case MAP:
                return Variables.of(vars.values(), "the variables given to the build");
            case DIRECTORY:
            case TREE_FILES:
            default:
                // the image's variant file (external ones were put into the image by images(vars))
                return image.variant() == null ? null : Variables.fromFile(image.variant().varFile());
        }
    }

    /**
     * The image's kernel with {@code initramfs} compiled in, written to {@code output}: compiled
     * once per kernel source and defconfig, relinked for each initramfs, and taken from the cache
     * when this exact initramfs was linked before.
     */
    public KernelOutcome kernel(Plan.Image image, Path initramfs, Path output) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Package kernelPackage = image.kernel();
        BuiltPackage source = packages.build(kernelPackage.name());
        String objectKey = CacheKey.builder()
                .add("what", "kernel object folder")
                .add("source-sha256", source.sourceSha256())
                .addFileContent("defconfig", kernelPackage.defconfig())
                .add("epoch", Long.toString(options.epoch()))
                .build();
        String imageKey = CacheKey.builder()
                .add("what", "kernel image")
                .add("object-folder", objectKey)
                .add("initramfs-sha256", Sha256.ofFile(initramfs))
                .build();
        String work = cache.lookup(imageKey).isPresent() ? "cached" : null;
        String[] kind = new String[1];
        Path entry = cache.getOrBuild(imageKey, folder -> {
            KernelBuild build = new KernelBuild(source.folder(), kernelPackage.defconfig(),
                    options.cacheDir().resolve("kernels").resolve(objectKey), options.log())
                    .jobs(options.jobs())
                    .buildEpoch(options.epoch())
                    .sourceId(source.sourceSha256())
                    .logDirectory(options.logDir().resolve("kernel-" + objectKey.substring(0, 12)))
                    .echoOutput(options.verbose());
            KernelResult result = build.build(initramfs);
            Files.copy(result.bzImage(), folder.resolve("bzImage"));
            Properties meta = new Properties();
            meta.setProperty("release", result.kernelRelease());
            meta.setProperty("work", result.kind() == KernelResult.Kind.COMPILED ? "compiled" : "relinked");
            for (int i = 0; i < result.warnings().size(); i++) {
                meta.setProperty("warning." + i, result.warnings().get(i).message());
            }
            try (var out = Files.newOutputStream(folder.resolve("kernel.properties"))) {
                meta.store(out, null);
            }
            kind[0] = meta.getProperty("work");
        });
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(entry.resolve("kernel.properties"))) {
            meta.load(in);
        }
        List<String> warnings = new ArrayList<>();
        for (int i = 0; meta.getProperty("warning." + i) != null; i++) {
            warnings.add(meta.getProperty("warning." + i));
        }
        if (work == null) {
            work = kind[0] != null ? kind[0] : "cached";
        }
        copyAtomically(entry.resolve("bzImage"), output);
        double seconds = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
        options.log().info("kernel " + meta.getProperty("release") + " for " + image.name() + ": " + work
                + " in " + seconds + " s");
        return new KernelOutcome(output, meta.getProperty("release"), work, warnings, seconds);
    }

    /** Writes the bootable ISO of a kernel. */
    public static IsoSummary iso(Path kernel, Path output, String volumeId, long epoch) throws IOException {
        return IsoWriter.write(kernel, output, new IsoOptions(volumeId, epoch));
    }

    /** {@code guest/site-a} becomes {@code guest-site-a}: the base name of the image's files. */
    public static String outputBaseName(String imageName) {
        return imageName.replace('/', '-');
    }

    /**
     * Builds the named images (all when {@code names} is empty) into {@code outDir}:
     * {@code <base>.cpio}, {@code <base>.bzImage}, {@code <base>.iso} per image and
     * {@code report.json}.
     */
    public List<ImageReport> buildImages(List<String> names, VariableSource vars, Path outDir)
            throws IOException, InterruptedException {
        List<Plan.Image> selected = new ArrayList<>();
        if (names.isEmpty()) {
            selected.addAll(images(vars));
        } else {
            for (String n : names) {
                selected.add(image(n, vars));
            }
        }
        if (selected.isEmpty()) {
            throw new MlinException("no images to build in " + tree.root());
        }
        Files.createDirectories(outDir);
        List<ImageReport> reports = new ArrayList<>();
        for (Plan.Image image : selected) {
            reports.add(buildImage(image, vars, outDir));
        }
        writeReport(outDir.resolve("report.json"), reports);
        return reports;
    }

    private ImageReport buildImage(Plan.Image image, VariableSource vars, Path outDir)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        String base = outputBaseName(image.name());
        options.log().info("image " + image.name() + ": building");
        CpioOutcome cpio = initramfs(image, vars, outDir.resolve(base + ".cpio"));
        KernelOutcome kernel = kernel(image, cpio.file(), outDir.resolve(base + ".bzImage"));
        String volumeId = IsoOptions.volumeIdFromFileName(base + ".iso");
        IsoSummary iso = iso(kernel.bzImage(), outDir.resolve(base + ".iso"), volumeId, options.epoch());
        double seconds = Math.round((System.nanoTime() - start) / 1e7) / 100.0;
        options.log().info("image " + image.name() + ": " + outDir.resolve(base + ".iso") + " (" + iso.isoBytes()
                + " bytes, sha256 " + iso.sha256() + ")");
        return new ImageReport(image.name(), image.flavor().name(), image.variantName(), image.kernel().name(),
                kernel.kernelRelease(), kernel.work(), kernel.seconds(), kernel.warnings(), cpio.file(),
                Files.size(cpio.file()), cpio.sha256(), cpio.summary().entries(), cpio.summary().files(),
                cpio.summary().dataBytes(), cpio.perList(), kernel.bzImage(), Files.size(kernel.bzImage()),
                outDir.resolve(base + ".iso"), iso.isoBytes(), iso.sha256(), volumeId, iso.fatType(),
                image.packageNames(), seconds);
    }

    private void writeReport(Path file, List<ImageReport> reports) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tree", tree.root().toString());
        root.put("epoch", options.epoch());
        List<Object> images = new ArrayList<>();
        for (ImageReport r : reports) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("flavor", r.flavor());
            m.put("variant", r.variant());
            Map<String, Object> kernel = new LinkedHashMap<>();
            kernel.put("package", r.kernelPackage());
            kernel.put("version", r.kernelVersion());
            kernel.put("work", r.kernelWork());
            kernel.put("seconds", r.kernelSeconds());
            kernel.put("bzImage", r.bzImage().getFileName().toString());
            kernel.put("bytes", r.bzImageBytes());
            kernel.put("configWarnings", r.configWarnings());
            m.put("kernel", kernel);
            Map<String, Object> initramfs = new LinkedHashMap<>();
            initramfs.put("file", r.cpio().getFileName().toString());
            initramfs.put("bytes", r.cpioBytes());
            initramfs.put("sha256", r.cpioSha256());
            initramfs.put("entries", r.initramfsEntries());
            initramfs.put("files", r.initramfsFiles());
            initramfs.put("dataBytes", r.initramfsDataBytes());
            initramfs.put("dataBytesPerList", new LinkedHashMap<>(r.initramfsPerPackage()));
            m.put("initramfs", initramfs);
            Map<String, Object> iso = new LinkedHashMap<>();
            iso.put("file", r.iso().getFileName().toString());
            iso.put("bytes", r.isoBytes());
            iso.put("sha256", r.isoSha256());
            iso.put("volumeId", r.volumeId());
            iso.put("fatType", r.fatType());
            m.put("iso", iso);
            List<Object> pkgs = new ArrayList<>();
            Map<String, BuiltPackage> built = packages.built();
            for (String name : r.packages()) {
                BuiltPackage b = built.get(name);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", name);
                p.put("recipe", b == null ? null : b.kind().makeName());
                p.put("sourceUrl", b == null || b.sourceUrl() == null ? null : b.sourceUrl().toString());
                p.put("sha256", b == null ? null : b.sourceSha256());
                p.put("overridden", b != null && b.overridden());
                p.put("cacheHit", b != null && b.cacheHit());
                p.put("seconds", b == null ? 0 : b.seconds());
                pkgs.add(p);
            }
            m.put("packages", pkgs);
            m.put("seconds", r.seconds());
            images.add(m);
        }
        root.put("images", images);
        byte[] json = (Json.write(root) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(json));
    }

    private static void copyAtomically(Path from, Path to) throws IOException {
        AtomicFiles.write(to, out -> {
            try (InputStream in = Files.newInputStream(from)) {
                in.transferTo(out);
            }
        });
    }
}
