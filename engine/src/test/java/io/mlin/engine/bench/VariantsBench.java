package io.mlin.engine.bench;

import io.mlin.engine.cpio.CpioList;
import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.cpio.InitramfsWriter;
import io.mlin.engine.iso.IsoOptions;
import io.mlin.engine.iso.IsoWriter;
import io.mlin.engine.kernel.KernelBuild;
import io.mlin.engine.kernel.KernelResult;
import io.mlin.engine.testsupport.LinuxSource;
import io.mlin.engine.util.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What N variants cost: ours compiles the kernel once and relinks it for each variant's
 * initramfs; MLin compiles it once per variant (its Makefile builds the kernel per image). Both
 * sides run the same kernel build code on the same extracted source with the same defconfig (the
 * offline example's), write the same initramfs and ISO per variant, and are timed whole.
 * Prints the time of each side and the ratio ours/MLin for each N.
 */
public final class VariantsBench {
    private VariantsBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = List.of(1, 4);
        int jobs = Runtime.getRuntime().availableProcessors();
        Path work = Path.of("target", "bench-variants").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--variants" -> counts = parseCounts(args[++i]);
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (expected --variants 1,4  --jobs N  --work DIR)");
            }
        }
        final int makeJobs = jobs;
        Path defconfig = Path.of("..", "examples", "offline", "_pkgs", "linux", "defconfig").toAbsolutePath().normalize();
        System.out.println("extracting " + LinuxSource.tarball() + " (once, not timed)");
        Path source = LinuxSource.tree();
        System.out.printf("%-9s %12s %12s %8s%n", "variants", "ours [s]", "MLin [s]", "ratio");
        for (int n : counts) {
            Path dir = work.resolve("n" + n);
            deleteRecursively(dir);
            List<Path> cpios = initramfsPerVariant(dir.resolve("cpio"), n);
            double ours = timed(() -> {
                Path objects = dir.resolve("ours-obj");
                for (int v = 0; v < n; v++) {
                    KernelResult r = kernel(source, defconfig, objects, makeJobs, dir.resolve("ours-logs")).build(cpios.get(v));
                    IsoWriter.write(r.bzImage(), dir.resolve("ours-" + v + ".iso"), IsoOptions.defaults("BENCH"));
                }
            });
            double mlin = timed(() -> {
                for (int v = 0; v < n; v++) {
                    Path objects = dir.resolve("mlin-obj-" + v);
                    KernelResult r = kernel(source, defconfig, objects, makeJobs, dir.resolve("mlin-logs-" + v)).build(cpios.get(v));
                    IsoWriter.write(r.bzImage(), dir.resolve("mlin-" + v + ".iso"), IsoOptions.defaults("BENCH"));
                    deleteRecursively(objects);
                }
            });
            System.out.printf("%-9d %12.1f %12.1f %8.2f%n", n, ours, mlin, ours / mlin);
        }
    }

    private static KernelBuild kernel(Path source, Path defconfig, Path objects, int jobs, Path logs) {
        return new KernelBuild(source, defconfig, objects, Log.silent()).jobs(jobs).logDirectory(logs).echoOutput(false);
    }

    /** One small initramfs per variant, each different (a variant-specific /etc/site). */
    private static List<Path> initramfsPerVariant(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        List<Path> result = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            Path site = dir.resolve("site-" + v);
            Files.writeString(site, "variant " + v + "\n");
            Path list = dir.resolve("list-" + v);
            Files.writeString(list, "dir /dev 755 0 0\nnod /dev/console 600 0 0 c 5 1\ndir /etc 755 0 0\n"
                    + "file /etc/site " + site + " 644 0 0\nfile /bin/busybox /bin/busybox 755 0 0\n");
            Path cpio = dir.resolve("variant-" + v + ".cpio");
            InitramfsWriter.write(List.of(CpioList.of(list)), cpio, CpioOptions.reproducible());
            result.add(cpio);
        }
        return result;
    }

    interface Work {
        void run() throws Exception;
    }

    private static double timed(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<Integer> parseCounts(String s) {
        List<Integer> counts = new ArrayList<>();
        for (String part : s.split(",")) {
            counts.add(Integer.parseInt(part.trim()));
        }
        return counts;
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(q);
                }
            }
        }
    }
}
