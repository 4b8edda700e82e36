package io.mlin.engine.cli;

import io.mlin.engine.api.EngineSettings;
import io.mlin.engine.api.VariableSource;
import io.mlin.engine.build.BuildOptions;
import io.mlin.engine.build.ImageReport;
import io.mlin.engine.build.TreeBuild;
import io.mlin.engine.fetch.Mirrors;
import io.mlin.engine.fetch.Overrides;
import io.mlin.engine.util.Log;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlin build}: MLin's whole pipeline, from tree to bootable ISOs. */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        headerHeading = "",
        header = "Builds images of an MLin tree into bootable ISOs.",
        description = {
            "Builds images of an MLin tree: packages (fetched, verified, built once and cached), then per image the",
            "initramfs, the kernel (compiled once per defconfig, relinked per image) and a bootable EFI ISO.",
            "Writes OUT/<flavor>[-<variant>].cpio, .bzImage and .iso, and OUT/report.json."
        })
public final class BuildCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TREE", description = "The MLin tree's folder.")
    Path tree;

    @Parameters(index = "1..*", paramLabel = "IMAGE", description = "Images to build, as 'mlin images' names them (default: all).")
    List<String> images = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "The output folder.")
    Path output;

    @Option(names = "--vars-dir", paramLabel = "DIR",
            description = "Variable files kept outside the tree: the variants of flavor F are DIR/F/*.var (values are never printed).")
    Path varsDir;

    @Option(names = "--jobs", paramLabel = "N", description = "Parallel make jobs (default: the number of cores).")
    Integer jobs;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Build cache shared by builds on this machine (default: $MLIN_CACHE, else $XDG_CACHE_HOME/mlin, else ~/.cache/mlin).")
    Path cache;

    @Option(names = "--mirror", paramLabel = "FROM=TO",
            description = "Rewrite source URLs starting with FROM to start with TO (repeatable; the sha256 check is unchanged).")
    List<String> mirrors = new ArrayList<>();

    @Option(names = "--override", paramLabel = "PKG=PATH",
            description = "Use a local tarball or folder instead of PKG's download (repeatable; marked in the log and the report).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--epoch", paramLabel = "N",
            description = "Timestamp of every output, seconds since 1970 (default: SOURCE_DATE_EPOCH, else 0).")
    Long epoch;

    @Option(names = "--cflags", paramLabel = "FLAGS", description = "CFLAGS for package builds (default: MLin's hardening flags).")
    String cflags;

    @Option(names = "--ldflags", paramLabel = "FLAGS", description = "LDFLAGS for package builds (default: MLin's hardening flags).")
    String ldflags;

    @Option(names = {"-v", "--verbose"}, description = "Show the output of make and configure (it is always in the step log files).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EngineSettings defaults = EngineSettings.defaults();
        BuildOptions options = BuildOptions.defaults(cache != null ? cache : defaults.cacheDir(),
                        epoch != null ? epoch : defaults.epoch(), Log.to(System.out))
                .withMirrors(Mirrors.parse(mirrors))
                .withOverrides(Overrides.parse(overrides))
                .withJobs(jobs != null ? jobs : defaults.jobs())
                .withFlags(cflags != null ? cflags : BuildOptions.HARDENING_CFLAGS,
                        ldflags != null ? ldflags : BuildOptions.HARDENING_LDFLAGS)
                .withVerbose(verbose);
        VariableSource vars = varsDir != null ? VariableSource.directory(varsDir) : VariableSource.treeFiles();
        TreeBuild build = new TreeBuild(tree, options);
        List<ImageReport> reports = build.buildImages(images, vars, output);
        for (ImageReport r : reports) {
            System.out.println(r.name() + ": " + r.iso() + " (" + r.isoBytes() + " bytes, kernel " + r.kernelVersion()
                    + " " + r.kernelWork() + ", " + r.configWarnings().size() + " config warnings)");
        }
        System.out.println("report: " + output.resolve("report.json"));
        return 0;
    }
}
