package io.mlin.engine.bench;

import io.mlin.engine.iso.IsoOptions;
import io.mlin.engine.iso.IsoSummary;
import io.mlin.engine.iso.IsoWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark: our ISO writer against MLin's makeiso.sh steps (truncate, mformat, mmd, mmd, mcopy,
 * genisoimage) on the same pseudo-random "kernel", runs alternating, medians compared. Also runs
 * ours in a fresh JVM with a 32 MiB heap to show that the kernel is streamed, not buffered.
 * Run through {@code bench/iso}; arguments: {@code [runs] [sizeMiB...]}.
 */
public final class IsoBench {
    private static final long MIB = 1024 * 1024;

    private IsoBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--write")) {
            // child mode for the small-heap run: write one ISO and print its summary
            IsoSummary s = IsoWriter.write(Path.of(args[1]), Path.of(args[2]), new IsoOptions("BENCH", 0));
            System.out.println(s);
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long[] sizesMiB = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray()
                : new long[] {12, 60};
        Path work = Files.createDirectories(Path.of("target", "bench-work").toAbsolutePath());
        System.out.printf(Locale.ROOT, "%-8s %12s %12s %8s %16s%n", "kernel", "ours (ms)", "theirs (ms)", "ratio",
                "ours -Xmx32m (ms)");
        for (long mib : sizesMiB) {
            Path kernel = pseudoRandomFile(work.resolve("kernel-" + mib + "MiB.bin"), mib * MIB + 12345, mib);
            List<Long> ours = new ArrayList<>();
            List<Long> theirs = new ArrayList<>();
            IsoWriter.write(kernel, work.resolve("warmup.iso"), new IsoOptions("BENCH", 0)); // JIT warm-up
            makeisoSh(kernel, work);
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                IsoWriter.write(kernel, work.resolve("ours.iso"), new IsoOptions("BENCH", 0));
                long t1 = System.nanoTime();
                makeisoSh(kernel, work);
                long t2 = System.nanoTime();
                ours.add(t1 - t0);
                theirs.add(t2 - t1);
            }
            long smallHeap = smallHeapRun(kernel, work.resolve("small-heap.iso"));
            double oursMs = median(ours) / 1e6;
            double theirsMs = median(theirs) / 1e6;
            System.out.printf(Locale.ROOT, "%-8s %12.1f %12.1f %8.2f %16.1f%n", mib + " MiB", oursMs, theirsMs,
                    oursMs / theirsMs, smallHeap / 1e6);
        }
        for (String output : new String[] {"warmup.iso", "ours.iso", "theirs.iso", "small-heap.iso", "staging/boot.img"}) {
            Files.deleteIfExists(work.resolve(output)); // the kernels stay for the next run
        }
        System.out.println("ratio = median(ours) / median(theirs), " + runs
                + " alternating runs each; the -Xmx32m column is one run of a fresh JVM, startup included.");
    }

    /** MLin's makeiso.sh: a sparse boot.img of kernel + 1 MiB, mtools to fill it, genisoimage to wrap it. */
    private static void makeisoSh(Path kernel, Path work) throws Exception {
        Path staging = work.resolve("staging");
        Files.createDirectories(staging);
        Path img = staging.resolve("boot.img");
        Files.deleteIfExists(img);
        String i = img.toString();
        run(work, "truncate", "-s", Long.toString(Files.size(kernel) + MIB), i);
        run(work, "mformat", "-i", i, "-v", "EFI", "::");
        run(work, "mmd", "-i", i, "::/EFI");
        run(work, "mmd", "-i", i, "::/EFI/BOOT");
        run(work, "mcopy", "-i", i, kernel.toString(), "::/EFI/BOOT/BOOTX64.EFI");
        run(work, "genisoimage", "-quiet", "-efi-boot", "boot.img", "-no-emul-boot", "-input-charset", "utf-8",
                "-o", work.resolve("theirs.iso").toString(), staging.toString());
    }

    private static long smallHeapRun(Path kernel, Path iso) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long t0 = System.nanoTime();
        run(iso.getParent(), java, "-Xmx32m", "-cp", System.getProperty("java.class.path"), IsoBench.class.getName(),
                "--write", kernel.toString(), iso.toString());
        return System.nanoTime() - t0;
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static Path pseudoRandomFile(Path file, long size, long seed) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == size) {
            return file;
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long r = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        chunk[i + j] = (byte) (r >>> (8 * j));
                    }
                }
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                left -= n;
            }
        }
        return file;
    }

    private static double median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }
}
