package io.mlin.engine.kernel;

import io.mlin.engine.Problem;
import io.mlin.engine.util.AtomicFiles;
import io.mlin.engine.util.Log;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mlin kernel}: builds a kernel with an initramfs compiled in, relinking when it can. */
@Command(
        name = "kernel",
        mixinStandardHelpOptions = true,
        description = {
            "Builds an EFI-stub bzImage from a kernel source tree and a defconfig with INITRAMFS compiled in.",
            "The first build for an object folder configures and compiles (minutes); later builds with the same",
            "defconfig and source only swap the initramfs and relink (seconds).",
        })
public final class KernelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", required = true, paramLabel = "DIR", description = "Extracted kernel source tree (not written to).")
    Path source;

    @Option(names = "--defconfig", required = true, paramLabel = "FILE", description = "The kernel package's defconfig.")
    Path defconfig;

    @Option(names = "--objdir", required = true, paramLabel = "DIR",
            description = "Object folder kept between builds (make O=DIR); created if missing.")
    Path objectDir;

    @Option(names = "--initramfs", required = true, paramLabel = "FILE", description = "Uncompressed newc cpio to compile in.")
    Path initramfs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Copy the bzImage here (it is replaced in DIR by the next build).")
    Path output;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", description = "Parallel make jobs. Default: available processors.")
    Integer jobs;

    @Option(names = "--epoch", paramLabel = "N",
            description = "Seconds since 1970 for the kernel's build timestamp. Default: SOURCE_DATE_EPOCH, or 0.")
    Long epoch;

    @Option(names = "--source-id", paramLabel = "ID",
            description = "Names the source's content (e.g. its tarball's sha256); a new id reconfigures.")
    String sourceId;

    @Option(names = "--quiet-make", description = "Keep make's output in DIR/mlin-logs only, not on the console.")
    boolean quietMake;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Log log = Log.to(out);
        KernelBuild build = new KernelBuild(source, defconfig, objectDir, log).echoOutput(!quietMake);
        if (jobs != null) {
            build.jobs(jobs);
        }
        if (epoch != null) {
            build.buildEpoch(epoch);
        }
        if (sourceId != null) {
            build.sourceId(sourceId);
        }
        KernelResult result = build.build(initramfs);
        for (Problem warning : result.warnings()) {
            log.warn(warning.toString());
        }
        Path kernel = result.bzImage();
        if (output != null) {
            AtomicFiles.write(output, target -> {
                try (InputStream in = Files.newInputStream(result.bzImage())) {
                    in.transferTo(target);
                }
            });
            kernel = output;
        }
        out.printf("%s: kernel %s %s, %d bytes%n", kernel, result.kernelRelease(),
                result.kind() == KernelResult.Kind.COMPILED ? "compiled" : "relinked", Files.size(kernel));
        out.flush();
        return 0;
    }
}
