package io.mlin.engine.cli;

import io.mlin.engine.MlinException;
import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.cpio.CpioSummary;
import io.mlin.engine.api.EngineSettings;
import io.mlin.engine.api.VariableSource;
import io.mlin.engine.build.BuildOptions;
import io.mlin.engine.build.TreeBuild;
import io.mlin.engine.fetch.Mirrors;
import io.mlin.engine.fetch.Overrides;
import io.mlin.engine.plan.Plan;
import io.mlin.engine.util.Log;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlin initramfs}: one image's initramfs from a tree. */
@Command(
        name = "initramfs",
        mixinStandardHelpOptions = true,
        headerHeading = "",
        header = "Writes the initramfs of one image.",
        description = {
            "Writes the initramfs of one image: its packages' cpio lists (dependencies first), then the flavor's own list,",
            "with <NAME> tags in the flavor's files replaced from the variant's .var file (or --vars FILE).",
            "Packages that need a build (kconfig/configure) are built first, or taken from the build cache (see 'mlin build').",
            "Timestamps: every entry gets SOURCE_DATE_EPOCH (0 when unset) unless --epoch or --mtime-from-files says otherwise."
        })
public final class InitramfsCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "TREE", description = "The MLin tree's folder.")
    Path tree;

    @Parameters(index = "1", paramLabel = "IMAGE", description = "The image, as 'mlin images' names it: FLAVOR or FLAVOR/VARIANT.")
    String image;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "The archive to write.")
    Path output;

    @Option(names = "--vars", paramLabel = "FILE",
            description = "Take the variables from FILE (NAME=value lines) instead of the variant's .var file; values are never printed.")
    Path varsFile;

    @Option(names = "--epoch", paramLabel = "N",
            description = "The fixed timestamp of every entry, seconds since 1970 (0..4294967295). Default: SOURCE_DATE_EPOCH, else 0.")
    Long epoch;

    @Option(names = "--mtime-from-files",
            description = "Date entries as MLin's gen_init_cpio does (source and list file mtimes; not reproducible).")
    boolean mtimeFromFiles;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Build cache for packages that need a build (default: $MLIN_CACHE, else $XDG_CACHE_HOME/mlin, else ~/.cache/mlin).")
    Path cache;

    @Option(names = "--mirror", paramLabel = "FROM=TO", description = "Rewrite source URLs starting with FROM (repeatable).")
    java.util.List<String> mirrors = new java.util.ArrayList<>();

    @Option(names = "--override", paramLabel = "PKG=PATH", description = "Build PKG from a local tarball or folder (repeatable).")
    java.util.List<String> overrides = new java.util.ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (epoch != null && mtimeFromFiles) {
            throw new MlinException("--epoch and --mtime-from-files exclude each other: choose one way to date entries");
        }
        CpioOptions options = CpioOptions.reproducible();
        if (epoch != null) {
            options = options.withEpoch(epoch);
        }
        if (mtimeFromFiles) {
            options = options.withMtimeFromFiles(true);
        }
        EngineSettings defaults = EngineSettings.defaults();
        BuildOptions buildOptions = BuildOptions.defaults(cache != null ? cache : defaults.cacheDir(), options.epoch(),
                        Log.to(System.err))
                .withMirrors(Mirrors.parse(mirrors))
                .withOverrides(Overrides.parse(overrides));
        VariableSource vars = varsFile == null ? VariableSource.treeFiles() : VariableSource.file(varsFile);
        TreeBuild build = new TreeBuild(tree, buildOptions);
        Plan.Image selected = build.image(image, vars);
        CpioSummary summary = build.initramfs(selected, vars, output, options).summary();
        spec.commandLine().getErr().println("initramfs: " + selected.name() + " -> " + output + ": "
                + summary.entries() + " entries, " + summary.files() + " files, " + summary.archiveBytes() + " bytes");
        return 0;
    }
}
