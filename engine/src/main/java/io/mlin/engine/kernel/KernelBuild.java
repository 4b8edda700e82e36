package io.mlin.engine.kernel;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.build.ProcessRunner;
import io.mlin.engine.cache.FileTrees;
import io.mlin.engine.util.AtomicFiles;
import io.mlin.engine.util.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds an x86-64 EFI-stub kernel with an initramfs compiled in, compiling once per (kernel
 * source, defconfig) and only relinking for each further initramfs.
 *
 * <p>The kernel source folder is never written to: everything goes to the object folder
 * ({@code make O=<objdir>}). The initramfs is copied to the fixed file
 * {@code <objdir>/initramfs.cpio}, and {@code CONFIG_INITRAMFS_SOURCE} holds that file's absolute
 * path. A relink replaces that file (atomic rename, new mtime) and runs {@code make bzImage}
 * again: kbuild then redoes only {@code usr/initramfs_data.o} and the link steps.
 *
 * <p>The object folder records what it was configured from in {@value #STAMP_FILE}: a SHA-256
 * of the defconfig, the source folder's absolute path, a SHA-256 of its top {@code Makefile}
 * (which carries the kernel version), the caller's optional source id (e.g. the tarball's
 * SHA-256), the initramfs path, and a SHA-256 of the resulting {@code .config}. When all match,
 * the build goes straight to {@code make bzImage}; otherwise the object folder is emptied and the
 * kernel is configured and compiled from scratch. Edits to source files in place are not part
 * of the stamp, but kbuild's own dependency tracking recompiles what they touch.
 *
 * <p>Two builds on the same object folder run one after the other (a lock in this JVM plus a
 * file lock for other processes).
 */
public final class KernelBuild {
    /** The file in the object folder that records what it was configured from. */
    public static final String STAMP_FILE = ".mlin-kernel-stamp";
    /** The fixed initramfs file in the object folder that {@code CONFIG_INITRAMFS_SOURCE} names. */
    public static final String INITRAMFS_FILE = "initramfs.cpio";
    /** Marks a folder as an object folder of ours, so emptying it never hits a user's folder. */
    static final String OWNER_FILE = ".mlin-kernel-objdir";
    private static final String LOCK_FILE = ".mlin-kernel-lock";
    private static final String STAMP_FORMAT = "1";
    private static final Map<Path, Object> JVM_LOCKS = new ConcurrentHashMap<>();
    private static final DateTimeFormatter KBUILD_DATE =
            DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Path sourceDir;
    private final Path defconfig;
    private final Path objectDir;
    private final Log log;
    private int jobs = Runtime.getRuntime().availableProcessors();
    private long buildEpochSeconds = defaultEpoch();
    private String sourceId = "";
    private Path logDir;
    private boolean echoOutput = true;

    /**
     * @param sourceDir an extracted kernel source tree (read only)
     * @param defconfig the kernel package's defconfig
     * @param objectDir where the objects live between builds; created if missing; must be empty,
     *     absent, or an object folder a KernelBuild made
     * @param log where progress and (unless {@link #echoOutput(boolean) turned off}) make's output go
     */
    public KernelBuild(Path sourceDir, Path defconfig, Path objectDir, Log log) {
        this.sourceDir = Objects.requireNonNull(sourceDir, "sourceDir").toAbsolutePath().normalize();
        this.defconfig = Objects.requireNonNull(defconfig, "defconfig").toAbsolutePath().normalize();
        this.objectDir = Objects.requireNonNull(objectDir, "objectDir").toAbsolutePath().normalize();
        this.log = Objects.requireNonNull(log, "log");
        this.logDir = this.objectDir.resolve("mlin-logs");
    }

    /** {@code make -j} (default: the available processors). */
    public KernelBuild jobs(int parallelJobs) {
        if (parallelJobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + parallelJobs);
        }
        this.jobs = parallelJobs;
        return this;
    }

    /**
     * The time written into the kernel's version string ({@code KBUILD_BUILD_TIMESTAMP}), in
     * seconds since 1970. Default: {@code SOURCE_DATE_EPOCH} from the environment, else 0.
     */
    public KernelBuild buildEpoch(long epochSeconds) {
        this.buildEpochSeconds = epochSeconds;
        return this;
    }

    /** Names the source's content (e.g. the tarball's SHA-256) so a different source at the same path reconfigures. */
    public KernelBuild sourceId(String id) {
        this.sourceId = Objects.requireNonNull(id, "id");
        return this;
    }

    /** Where each make step's full output goes, one file per step (default {@code <objdir>/mlin-logs}). */
    public KernelBuild logDirectory(Path dir) {
        this.logDir = dir.toAbsolutePath().normalize();
        return this;
    }

    /** Whether make's output lines also go to the {@link Log} (default true); the log files get them always. */
    public KernelBuild echoOutput(boolean echo) {
        this.echoOutput = echo;
        return this;
    }

    /** The value {@code CONFIG_INITRAMFS_SOURCE} gets: the fixed initramfs file in the object folder. */
    public Path initramfsSource() {
        return objectDir.resolve(INITRAMFS_FILE);
    }

    /** Where make writes the kernel. */
    public Path bzImage() {
        return objectDir.resolve("arch/x86/boot/bzImage");
    }

    /**
     * Whether the object folder was configured from this defconfig and source, i.e. whether the
     * next {@link #build(Path)} goes straight to {@code make bzImage} (a relink once compiled).
     */
    public boolean isConfigured() throws IOException {
        return Files.isDirectory(objectDir) && isConfiguredAs(fingerprint(), false);
    }

    /**
     * Builds the kernel with {@code initramfs} (an uncompressed newc cpio) compiled in: configures
     * and compiles when the object folder is new or was configured from something else, otherwise
     * only relinks.
     *
     * @throws MlinException on bad input, a failed make step (with its last lines), or a
     *     {@code .config} that fails {@link KernelConfigCheck}
     * @throws InterruptedException when the calling thread is interrupted; make and its children
     *     are killed first
     */
    public KernelResult build(Path initramfs) throws IOException, InterruptedException {
        checkInputs(initramfs);
        Files.createDirectories(objectDir);
        Object jvmLock = JVM_LOCKS.computeIfAbsent(objectDir, k -> new Object());
        synchronized (jvmLock) {
            try (FileChannel channel = FileChannel.open(objectDir.resolve(LOCK_FILE),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                // Held until the channel closes; another process building here waits for it.
                FileLock lock = channel.lock();
                try {
                    return buildLocked(initramfs.toAbsolutePath());
                } finally {
                    lock.release();
                }
            }
        }
    }

    private KernelResult buildLocked(Path initramfs) throws IOException, InterruptedException {
        ProcessRunner runner = new ProcessRunner(log);
        Map<String, String> wanted = fingerprint();
        boolean configure = !isConfiguredAs(wanted, true);
        if (configure) {
            claimAndEmpty();
        }
        installInitramfs(initramfs);
        Path dotConfig = objectDir.resolve(".config");
        if (configure) {
            log.info("kernel: configuring " + objectDir + " from " + defconfig);
            writeStartingConfig(dotConfig);
            runner.run(make("olddefconfig", "olddefconfig"));
        }
        List<Problem> warnings = KernelConfigCheck.check(dotConfig, initramfsSource().toString());
        if (configure) {
            Map<String, String> stamp = new LinkedHashMap<>(wanted);
            stamp.put("config-sha256", sha256(dotConfig));
            AtomicFiles.write(objectDir.resolve(STAMP_FILE), out -> out.write(format(stamp)));
        }
        // An interrupted first compile resumes here with a matching stamp: it still compiles.
        boolean compiled = configure || !Files.isRegularFile(objectDir.resolve("vmlinux"));
        log.info("kernel: " + (compiled ? "compiling" : "relinking") + " bzImage in " + objectDir
                + " (make -j" + jobs + ", log: " + logDir.resolve("bzImage.log") + ")");
        runner.run(make("bzImage", "-j" + jobs, "bzImage"));
        ProcessRunner.Result release = runner.run(make("kernelrelease", "-s", "kernelrelease").echo(false));
        String kernelRelease = release.tail().isEmpty() ? "" : release.tail().get(release.tail().size() - 1).trim();
        if (!Files.isRegularFile(bzImage())) {
            throw new MlinException("make bzImage succeeded but did not write " + bzImage());
        }
        return new KernelResult(bzImage(), kernelRelease,
                compiled ? KernelResult.Kind.COMPILED : KernelResult.Kind.RELINKED, warnings);
    }

    private void checkInputs(Path initramfs) {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isRegularFile(sourceDir.resolve("Makefile")) || !Files.isDirectory(sourceDir.resolve("arch/x86"))) {
            problems.add(Problem.inFile(sourceDir, "not an extracted x86 kernel source tree (no Makefile or arch/x86)"));
        }
        if (!Files.isRegularFile(defconfig)) {
            problems.add(Problem.inFile(defconfig, "defconfig not found"));
        }
        if (!Files.isRegularFile(initramfs)) {
            problems.add(Problem.inFile(initramfs, "initramfs not found"));
        }
        if (objectDir.startsWith(sourceDir)) {
            problems.add(Problem.inFile(objectDir, "the object folder must be outside the kernel source " + sourceDir));
        }
        if (!problems.isEmpty()) {
            throw new MlinException(problems);
        }
    }

    /** What the object folder must have been configured from for a relink. */
    private Map<String, String> fingerprint() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", STAMP_FORMAT);
        m.put("source", sourceDir.toString());
        m.put("source-makefile-sha256", sha256(sourceDir.resolve("Makefile")));
        m.put("source-id", sourceId);
        m.put("defconfig-sha256", sha256(defconfig));
        m.put("initramfs-source", initramfsSource().toString());
        return m;
    }

    private boolean isConfiguredAs(Map<String, String> wanted, boolean explain) throws IOException {
        Path stampFile = objectDir.resolve(STAMP_FILE);
        Path dotConfig = objectDir.resolve(".config");
        if (!Files.isRegularFile(stampFile) || !Files.isRegularFile(dotConfig)) {
            return false;
        }
        Map<String, String> recorded = parse(Files.readString(stampFile, StandardCharsets.UTF_8));
        for (Map.Entry<String, String> e : wanted.entrySet()) {
            if (!e.getValue().equals(recorded.get(e.getKey()))) {
                explain(explain, "kernel: " + e.getKey() + " changed since " + objectDir + " was configured: reconfiguring");
                return false;
            }
        }
        if (!sha256(dotConfig).equals(recorded.get("config-sha256"))) {
            explain(explain, "kernel: " + dotConfig + " was changed outside MLin: reconfiguring");
            return false;
        }
        return true;
    }

    private void explain(boolean explain, String why) {
        if (explain) {
            log.info(why);
        }
    }

    /** Empties the object folder for a fresh configure, refusing a non-empty folder that is not ours. */
    private void claimAndEmpty() throws IOException {
        Path owner = objectDir.resolve(OWNER_FILE);
        if (!Files.exists(owner)) {
            List<String> foreign = new ArrayList<>();
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(objectDir)) {
                for (Path p : entries) {
                    String name = p.getFileName().toString();
                    if (!name.equals(LOCK_FILE) && !p.equals(logDir)) {
                        foreign.add(name);
                    }
                }
            }
            if (!foreign.isEmpty()) {
                throw new MlinException(Problem.inFile(objectDir,
                        "not empty and not a kernel object folder made by MLin (no " + OWNER_FILE + "); found "
                                + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))));
            }
            Files.writeString(owner, "kernel object folder of MLin: emptied when its defconfig or source changes\n");
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(objectDir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.equals(OWNER_FILE) && !name.equals(LOCK_FILE) && !p.equals(logDir)) {
                    FileTrees.deleteRecursively(p);
                }
            }
        }
    }

    /** The defconfig with our {@code CONFIG_INITRAMFS_SOURCE} last, so it wins over any in the defconfig. */
    private void writeStartingConfig(Path dotConfig) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(defconfig, StandardCharsets.UTF_8)) {
            if (!line.startsWith("CONFIG_INITRAMFS_SOURCE=") && !line.equals("# CONFIG_INITRAMFS_SOURCE is not set")) {
                lines.add(line);
            }
        }
        lines.add("CONFIG_INITRAMFS_SOURCE=\"" + initramfsSource() + "\"");
        AtomicFiles.write(dotConfig, out -> out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Copies the initramfs to the fixed file under a temporary name and renames it into place.
     * Its mtime must be newer than kbuild's copy ({@code usr/initramfs_inc_data}) or make would
     * keep the old one.
     */
    private void installInitramfs(Path initramfs) throws IOException {
        Path target = initramfsSource();
        if (Files.exists(target) && Files.isSameFile(initramfs, target)) {
            Files.setLastModifiedTime(target, newerThanKbuildCopy());
            return;
        }
        AtomicFiles.write(target, out -> {
            try (InputStream in = Files.newInputStream(initramfs)) {
                in.transferTo(out);
            }
        });
        Files.setLastModifiedTime(target, newerThanKbuildCopy());
    }

    private FileTime newerThanKbuildCopy() throws IOException {
        Instant now = Instant.now();
        Path kbuildCopy = objectDir.resolve("usr/initramfs_inc_data");
        if (Files.exists(kbuildCopy)) {
            Instant copied = Files.getLastModifiedTime(kbuildCopy).toInstant();
            if (!now.isAfter(copied)) {
                now = copied.plusSeconds(1);
            }
        }
        return FileTime.from(now);
    }

    private ProcessRunner.Command make(String step, String... targetArgs) {
        List<String> args = new ArrayList<>(List.of("make", "-C", sourceDir.toString(), "O=" + objectDir));
        args.addAll(List.of(targetArgs));
        return ProcessRunner.Command.of(args)
                .in(objectDir)
                .env("KBUILD_BUILD_TIMESTAMP", KBUILD_DATE.format(Instant.ofEpochSecond(buildEpochSeconds)))
                .env("KBUILD_BUILD_USER", "mlin")
                .env("KBUILD_BUILD_HOST", "mlin")
                // Without it every link bumps the "#N" build number in the version string.
                .env("KBUILD_BUILD_VERSION", "1")
                .env("LC_ALL", "C")
                .prefix("[kernel] ")
                .logTo(logDir.resolve(step + ".log"))
                .echo(echoOutput);
    }

    private static long defaultEpoch() {
        String env = System.getenv("SOURCE_DATE_EPOCH");
        if (env != null && env.matches("\\d+")) {
            return Long.parseLong(env);
        }
        return 0;
    }

    private static byte[] format(Map<String, String> stamp) {
        StringBuilder sb = new StringBuilder();
        stamp.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

}
