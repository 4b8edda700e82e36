package io.mlin.engine.api;

import io.mlin.engine.Problem;
import io.mlin.engine.build.BuildOptions;
import io.mlin.engine.build.BuiltPackage;
import io.mlin.engine.build.ImageReport;
import io.mlin.engine.build.TreeBuild;
import io.mlin.engine.cache.Sha256;
import io.mlin.engine.fetch.Mirrors;
import io.mlin.engine.fetch.Overrides;
import io.mlin.engine.iso.IsoSummary;
import io.mlin.engine.plan.Plan;
import io.mlin.engine.tree.Tree;
import io.mlin.engine.util.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The engine in one object, for front ends (the Jenkins plugin, scripts): each method is one step
 * of MLin's pipeline, with plain value types in and out. Every call loads and validates the tree
 * again, so a call sees the tree as it is now.
 *
 * <p>Interrupting the calling thread stops a call: the processes it started are killed, and
 * outputs and cache entries are written under temporary names and renamed, so nothing
 * half-written is left behind.
 */
public final class MlinEngine {
    private final EngineSettings settings;
    private final Log log;

    public MlinEngine(EngineSettings settings, Log log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
    }

    private BuildOptions options() {
        return BuildOptions.defaults(settings.cacheDir(), settings.epoch(), log)
                .withJobs(settings.jobs())
                .withMirrors(Mirrors.of(settings.mirrors()))
                .withOverrides(Overrides.of(settings.overrides()));
    }

    /**
     * The images of a tree (flavor × variant), sorted by name.
     *
     * @throws io.mlin.engine.MlinException with every problem of the tree
     */
    public List<ImageInfo> images(Path tree) {
        return images(tree, VariableSource.treeFiles());
    }

    /** The images of a tree, with the variants a {@link VariableSource#directory} defines. */
    public List<ImageInfo> images(Path tree, VariableSource vars) {
        List<ImageInfo> result = new ArrayList<>();
        for (Plan.Image i : new TreeBuild(tree, options()).images(vars)) {
            result.add(new ImageInfo(i.name(), i.flavor().name(), i.variantName(), i.kernel().name(), i.packageNames()));
        }
        return result;
    }

    /** Every problem of a tree; empty when it is fine. */
    public List<Problem> check(Path tree) {
        return Tree.check(tree);
    }

    /** Writes one image's initramfs, building the packages it needs first. */
    public CpioResult initramfs(Path tree, String image, VariableSource vars, Path output)
            throws IOException, InterruptedException {
        TreeBuild build = new TreeBuild(tree, options());
        TreeBuild.CpioOutcome outcome = build.initramfs(build.image(image, vars), vars, output);
        return new CpioResult(output, Files.size(output), outcome.sha256(), outcome.summary().entries());
    }

    /** Builds a package and its dependencies into the cache, or finds them there. */
    public PackageResult buildPackage(Path tree, String packageName) throws IOException, InterruptedException {
        BuiltPackage p = new TreeBuild(tree, options()).buildPackage(packageName);
        return new PackageResult(p.name(), p.folder(), p.cacheKey(), p.cacheHit());
    }

    /**
     * The image's kernel with {@code initramfs} compiled in: compiled once per kernel source and
     * defconfig on this machine, relinked for each initramfs.
     */
    public KernelResult kernel(Path tree, String image, Path initramfs, Path output)
            throws IOException, InterruptedException {
        TreeBuild build = new TreeBuild(tree, options());
        TreeBuild.KernelOutcome k = build.kernel(build.image(image, VariableSource.treeFiles()), initramfs, output);
        return new KernelResult(k.bzImage(), k.kernelRelease(), !k.work().equals("compiled"), k.warnings());
    }

    /** Writes the bootable ISO of a kernel. */
    public IsoResult iso(Path kernel, Path output, String volumeId) throws IOException, InterruptedException {
        IsoSummary s = TreeBuild.iso(kernel, output, volumeId, settings.epoch());
        return new IsoResult(output, s.isoBytes(), s.sha256(), volumeId);
    }

    /** The whole chain for the named images (all when empty); writes {@code report.json} too. */
    public List<ImageResult> build(Path tree, List<String> images, VariableSource vars, Path outputDir)
            throws IOException, InterruptedException {
        List<ImageResult> results = new ArrayList<>();
        for (ImageReport r : new TreeBuild(tree, options()).buildImages(images, vars, outputDir)) {
            results.add(new ImageResult(r.name(), r.cpio(), r.bzImage(), r.iso(), r.isoBytes(), r.isoSha256(),
                    r.kernelVersion(), r.configWarnings()));
        }
        return results;
    }

    /** {@code guest/site-a} becomes {@code guest-site-a}, the base name of an image's files. */
    public static String defaultOutputName(String imageName) {
        return TreeBuild.outputBaseName(imageName);
    }

    /** The sha256 of a file, as the results report it. */
    public static String sha256(Path file) throws IOException {
        return Sha256.ofFile(file);
    }
}
