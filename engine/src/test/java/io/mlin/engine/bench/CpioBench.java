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
 * {@code --heap SIZE} (64m), {@code --java-opts "OPTS"} (more flags for our JVM), {@code --work DIR}
 * (target/bench-cpio). Wall times suffer from other load on the machine; CPU times (user + system,
 * through /usr/bin/time when installed) much less, so both are shown.
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
        List<String> javaOptions = new ArrayList<>();
        Path work = Path.of("target", "bench-cpio").toAbsolutePath();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--files" -> files = Integer.parseInt(args[++i]);
                case "--total-mb" -> totalMb = Long.parseLong(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--work" -> work = Path.of(args[++i]).toAbsolutePath();
                case "--java-opts" -> javaOptions.addAll(List.of(args[++i].trim().split("\\s+")));
                default -> {
                    System.err.println("usage: bench/cpio [--files N] [--total-mb M] [--runs R] [--heap SIZE] [--java-opts OPTS] [--work DIR]");
                    System.exit(2);
                }
            }
        }
        Path list = generate(work, files, totalMb << 20);
        Path tool = LinuxSource.genInitCpio();
        Path theirs = work.resolve("gen_init_cpio.cpio");
        Path ours = work.resolve("mlin.cpio");

        System.out.printf(Locale.ROOT, "tree: %d files, %d MB; %d timed runs each after one warm-up; ours with -Xmx%s %s%n",
                files, totalMb, runs, heap, String.join(" ", javaOptions));
        Path timeTool = Path.of("/usr/bin/time");
        boolean cpuTimes = Files.isExecutable(timeTool);
        if (!cpuTimes) {
            System.out.println("no /usr/bin/time (apt-get install time): CPU times are not measured");
        }
        List<Double> cWall = new ArrayList<>();
        List<Double> ourWall = new ArrayList<>();
        List<Double> ourInside = new ArrayList<>();
        List<Double> cCpu = new ArrayList<>();
        List<Double> ourCpu = new ArrayList<>();
        long peakHeap = 0;
        Path cpuFile = work.resolve("cpu.txt");
        for (int run = 0; run <= runs; run++) {
            List<String> c = new ArrayList<>(List.of(tool.toString(), "-c", "-t", Long.toString(T), list.toString()));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> o = new ArrayList<>(List.of(java, "-Xmx" + heap));
            o.addAll(javaOptions);
            o.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(), list.toString(),
                    ours.toString()));
            if (cpuTimes) {
                c.addAll(0, List.of(timeTool.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
                o.addAll(0, List.of(timeTool.toString(), "-f", "%U %S", "-o", cpuFile.toString()));
            }
            Timed cRun = timed(c, theirs);
            double cCpuSeconds = cpuTimes ? cpuSeconds(cpuFile) : Double.NaN;
            Timed oRun = timed(o, null);
            double oCpuSeconds = cpuTimes ? cpuSeconds(cpuFile) : Double.NaN;
            String[] child = oRun.stdout().trim().split(" ");
            if (run == 0) {
                long mismatch = Files.mismatch(theirs, ours);
                if (mismatch != -1) {
                    throw new IllegalStateException("archives differ at byte " + mismatch);
                }
                System.out.printf(Locale.ROOT, "archives identical: %d bytes%n", Files.size(ours));
                continue;
            }
            cWall.add(cRun.seconds());
            ourWall.add(oRun.seconds());
            ourInside.add(Double.parseDouble(child[0]));
            cCpu.add(cCpuSeconds);
            ourCpu.add(oCpuSeconds);
            peakHeap = Math.max(peakHeap, Long.parseLong(child[1]));
            System.out.printf(Locale.ROOT, "run %d: gen_init_cpio %.3f s (CPU %.2f s), ours %.3f s (CPU %.2f s; "
                    + "%.3f s without JVM start-up)%n", run, cRun.seconds(), cCpuSeconds, oRun.seconds(), oCpuSeconds,
                    Double.parseDouble(child[0]));
        }
        double c = median(cWall);
        double o = median(ourWall);
        double inside = median(ourInside);
        System.out.printf(Locale.ROOT, "median wall: gen_init_cpio %.3f s, ours %.3f s; ratio ours/C = %.2f "
                + "(%.2f without JVM start-up)%n", c, o, o / c, inside / c);
        if (cpuTimes) {
            System.out.printf(Locale.ROOT, "median CPU (user+sys): gen_init_cpio %.2f s, ours %.2f s; ratio ours/C = %.2f%n",
                    median(cCpu), median(ourCpu), median(ourCpu) / median(cCpu));
        }
        System.out.printf(Locale.ROOT, "our peak heap: %.1f MiB (limit -Xmx%s)%n", peakHeap / 1048576.0, heap);

        // a long-lived JVM (the Jenkins plugin) has its JIT warm: time the third write in one JVM
        List<String> warm = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        warm.addAll(javaOptions);
        warm.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(), list.toString(),
                ours.toString(), "3"));
        String[] warmRun = timed(warm, null).stdout().trim().split(" ");
        double warmSeconds = Double.parseDouble(warmRun[0]);
        System.out.printf(Locale.ROOT, "warm JVM (third write in one JVM): ours %.3f s; ratio ours/C = %.2f%n",
                warmSeconds, warmSeconds / c);
        try (var loadAverage = Files.lines(Path.of("/proc/loadavg"))) {
            System.out.println("load average now: " + loadAverage.findFirst().orElse("?"));
        } catch (IOException e) {
            // not Linux: nothing to show
        }
        Files.deleteIfExists(cpuFile);
        Files.deleteIfExists(theirs);
        Files.deleteIfExists(ours);
    }

    private record Timed(double seconds, String stdout) {
    }

    /** Runs a command, stdout to {@code out} (or captured when null), and times it. */
    private static Timed timed(List<String> command, Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (out != null) {
            pb.redirectOutput(out.toFile());
        }
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        long start = System.nanoTime();
        Process p = pb.start();
        String stdout = out == null ? new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII) : "";
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
        return new Timed((System.nanoTime() - start) / 1e9, stdout);
    }

    /** User + system seconds from {@code /usr/bin/time -f "%U %S"}. */
    private static double cpuSeconds(Path file) throws IOException {
        String[] parts = Files.readString(file).trim().split("\\s+");
        return Double.parseDouble(parts[parts.length - 2]) + Double.parseDouble(parts[parts.length - 1]);
    }

    /** Runs our writer once and prints its own time and the heap's peak use. */
    public static final class Child {
        private Child() {
        }

        /** Arguments: list, output, and how many times to write it (the last one is timed; default 1). */
        public static void main(String[] args) throws IOException {
            int times = args.length > 2 ? Integer.parseInt(args[2]) : 1;
            double seconds = 0;
            CpioSummary summary = null;
            for (int i = 0; i < times; i++) {
                long start = System.nanoTime();
                summary = InitramfsWriter.write(List.of(CpioList.of(Path.of(args[0]))), Path.of(args[1]),
                        new CpioOptions(false, T, Map.of()));
                seconds = (System.nanoTime() - start) / 1e9;
            }
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
