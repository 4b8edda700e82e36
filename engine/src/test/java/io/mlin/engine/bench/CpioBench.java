package io.mlin.engine.bench;

import io.mlin.engine.cpio.CpioList;
import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.cpio.CpioSummary;
import io.mlin.engine.cpio.InitramfsWriter;
import io.mlin.engine.testsupport.LinuxSource;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Times our initramfs writer against the kernel's gen_init_cpio ({@code -c}) on a generated tree,
 * alternating runs, and checks both archives are identical. Ours runs in a child JVM with a small
 * heap ({@code -Xmx64m} by default) to show that file data is streamed. Run it with
 * {@code bench/cpio}; it is not a test.
 *
 * <p>Flags: {@code --files N} (20000), {@code --total-mb M} (500), {@code --runs R} (3),
 * {@code --heap SIZE} (64m), {@code --work DIR} (target/bench-cpio).
 */
public final class CpioBench {
    private static final long T = 1_700_000_000L;

    private CpioBench() {
    }

    public static void main(String[] args) throws Exception {
        int files = 20_000;
        long totalMb = 500;
        int runs = 3;
        String heap = "64m";
        Path work = Path.of("target", "bench-cpio").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--total-mb" -> totalMb = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                default -> {
                    System.err.println("usage: bench/cpio [--files N] [--total-mb M] [--runs R] [--heap SIZE] [--work DIR]");
                    System.exit(2);
                }
            }
        }
        Path list = generate(work, files, totalMb << 20);
        Path tool = LinuxSource.genInitCpio();
        Path theirs = work.resolve("gen_init_cpio.cpio");
        Path ours = work.resolve("mlin.cpio");

        System.out.printf(Locale.ROOT, "tree: %d files, %d MB; %d timed runs each after one warm-up; ours with -Xmx%s%n",
                files, totalMb, runs, heap);
        List<Double> cTimes = new ArrayList<>();
        List<Double> ourTimes = new ArrayList<>();
        List<Double> ourInside = new ArrayList<>();
        long peakHeap = 0;
        for (int run = 0; run <= runs; run++) {
            double c = runC(tool, list, theirs);
            String[] child = runOurs(heap, list, ours);
            double wall = Double.parseDouble(child[0]);
            if (run == 0) {
                long mismatch = Files.mismatch(theirs, ours);
                if (mismatch != -1) {
                    throw new IllegalStateException("archives differ at byte " + mismatch);
                }
                System.out.printf(Locale.ROOT, "archives identical: %d bytes%n", Files.size(ours));
                continue;
            }
            cTimes.add(c);
            ourTimes.add(wall);
            ourInside.add(Double.parseDouble(child[1]));
            peakHeap = Math.max(peakHeap, Long.parseLong(child[2]));
            System.out.printf(Locale.ROOT, "run %d: gen_init_cpio %.3f s, ours %.3f s (%.3f s without JVM start-up)%n",
                    run, c, wall, Double.parseDouble(child[1]));
        }
        double c = median(cTimes);
        double o = median(ourTimes);
        double inside = median(ourInside);
        System.out.printf(Locale.ROOT, "median: gen_init_cpio %.3f s, ours %.3f s; ratio ours/C = %.2f "
                + "(%.2f without JVM start-up); our peak heap %.1f MiB%n", c, o, o / c, inside / c, peakHeap / 1048576.0);
        Files.deleteIfExists(theirs);
        Files.deleteIfExists(ours);
    }

    private static double runC(Path tool, Path list, Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(tool.toString(), "-c", "-t", Long.toString(T), list.toString());
        pb.redirectOutput(out.toFile());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        long start = System.nanoTime();
        Process p = pb.start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("gen_init_cpio failed");
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Wall seconds, seconds inside the child, and the child's peak heap bytes. */
    private static String[] runOurs(String heap, Path list, Path out) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                Child.class.getName(), list.toString(), out.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        long start = System.nanoTime();
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("our writer failed: " + output);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        String[] parts = output.split(" ");
        return new String[] {Double.toString(wall), parts[0], parts[1]};
    }

    /** Runs our writer once and prints its own time and the heap's peak use. */
    public static final class Child {
        private Child() {
        }

        public static void main(String[] args) throws IOException {
            long start = System.nanoTime();
            CpioSummary summary = InitramfsWriter.write(List.of(CpioList.of(Path.of(args[0]))), Path.of(args[1]),
                    new CpioOptions(false, T, Map.of()));
            double seconds = (System.nanoTime() - start) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            if (summary.archiveBytes() <= 0) {
                throw new IllegalStateException("empty archive");
            }
            System.out.println(seconds + " " + peak);
        }
    }

    /** A tree of log-uniformly sized random files and its list; kept and reused when the flags match. */
    private static Path generate(Path work, int files, long totalBytes) throws IOException {
        Path tree = work.resolve("tree-" + files + "-" + totalBytes);
        Path list = tree.resolve("list");
        if (Files.exists(tree.resolve(".complete"))) {
            return list;
        }
        System.out.printf(Locale.ROOT, "generating %s ...%n", tree);
        if (Files.exists(tree)) {
            try (var walk = Files.walk(tree)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Random random = new Random(20_000);
        double[] weights = new double[files];
        double sum = 0;
        for (int i = 0; i < files; i++) {
            weights[i] = Math.exp(random.nextDouble() * Math.log(10_000));
            sum += weights[i];
        }
        byte[] chunk = new byte[1 << 20];
        Files.createDirectories(tree);
        try (BufferedWriter text = Files.newBufferedWriter(list)) {
            text.write("dir /data 755 0 0\n");
            for (int i = 0; i < files; i++) {
                String folder = String.format(Locale.ROOT, "d%03d", i / 100);
                if (i % 100 == 0) {
                    Files.createDirectories(tree.resolve(folder));
                    text.write("dir /data/" + folder + " 755 0 0\n");
                }
                Path file = tree.resolve(folder).resolve("f" + i);
                long size = (long) (totalBytes * weights[i] / sum);
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                    for (long left = size; left > 0; left -= chunk.length) {
                        random.nextBytes(chunk);
                        out.write(chunk, 0, (int) Math.min(left, chunk.length));
                    }
                }
                Files.setLastModifiedTime(file, FileTime.from(T, TimeUnit.SECONDS));
                text.write("file /data/" + folder + "/f" + i + " " + file + " 644 0 0\n");
            }
        }
        Files.writeString(tree.resolve(".complete"), "");
        return list;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
