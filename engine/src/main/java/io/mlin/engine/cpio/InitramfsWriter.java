package io.mlin.engine.cpio;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.util.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes gen_init_cpio lists into one initramfs: a newc {@code 070702} archive with checksums,
 * byte for byte what MLin's gen_init_cpio writes for the same lists (apart from timestamps, see
 * {@link CpioOptions}).
 *
 * <p>Everything is checked before the first byte is written: every line of every list and every
 * source file (it exists, is a regular file or a character device such as /dev/null, is readable
 * and under 4 GiB). All problems come back together in one {@link MlinException}. File data is
 * streamed from disk, never held whole in memory.
 */
public final class InitramfsWriter {
    /** Large enough that most files are read once, small enough for a 64 MiB heap. */
    static final int BUFFER_BYTES = 1 << 20;
    /** gen_init_cpio's first inode number. */
    static final long FIRST_INODE = 721;

    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFDIR = 0040000;

    private InitramfsWriter() {
    }

    /**
     * Writes the lists, in order, into {@code output} (through a temporary file and a rename).
     *
     * @throws MlinException with every problem of every list; nothing is written then
     * @throws IOException when reading a source or writing fails; no output is left then
     */
    public static CpioSummary write(List<CpioList> lists, Path output, CpioOptions options) throws IOException {
        Plan plan = plan(lists, options);
        CpioSummary[] summary = new CpioSummary[1];
        AtomicFiles.write(output, out -> summary[0] = emit(plan, out));
        return summary[0];
    }

    /**
     * Writes the lists, in order, to {@code out}, which is flushed but not closed.
     *
     * @throws MlinException with every problem of every list; nothing is written then
     * @throws IOException when reading a source or writing fails; {@code out} then holds a partial archive
     */
    public static CpioSummary write(List<CpioList> lists, OutputStream out, CpioOptions options) throws IOException {
        return emit(plan(lists, options), out);
    }

    /** Every problem writing these lists would report (syntax and sources), without writing anything. */
    public static List<Problem> check(List<CpioList> lists, CpioOptions options) {
        List<Problem> problems = new ArrayList<>();
        collect(lists, options, problems);
        return problems;
    }

    /** One line ready to write, with what its checks found out. */
    private record Planned(CpioLine line, long mtime, long size) {
    }

    private record Plan(List<Planned> entries) {
    }

    private static Plan plan(List<CpioList> lists, CpioOptions options) {
        List<Problem> problems = new ArrayList<>();
        List<Planned> entries = collect(lists, options, problems);
        if (!problems.isEmpty()) {
            throw new MlinException(problems);
        }
        return new Plan(entries);
    }

    private static List<Planned> collect(List<CpioList> lists, CpioOptions options, List<Problem> problems) {
        List<Planned> entries = new ArrayList<>();
        Map<Path, Long> listTimes = new HashMap<>();
        for (CpioList list : lists) {
            ParsedList parsed;
            try {
                parsed = CpioListParser.parse(list, options.environment());
            } catch (NoSuchFileException e) {
                problems.add(Problem.inFile(list.file(), "the list does not exist"));
                continue;
            } catch (AccessDeniedException e) {
                problems.add(Problem.inFile(list.file(), "the list cannot be read: permission denied"));
                continue;
            } catch (IOException e) {
                problems.add(Problem.inFile(list.file(), "the list cannot be read: " + e.getMessage()));
                continue;
            }
            List<Problem> ofList = new ArrayList<>(parsed.problems());
            long listTime = options.epoch();
            if (options.mtimeFromFiles()) {
                listTime = listTimes.computeIfAbsent(list.file(), InitramfsWriter::listMtime);
            }
            for (CpioLine line : parsed.lines()) {
                if (line.type() != CpioType.FILE) {
                    entries.add(new Planned(line, listTime, 0));
                    continue;
                }
                Source source = inspect(line);
                if (source.problem != null) {
                    ofList.add(Problem.at(list.file(), line.lineNumber(), source.problem));
                    continue;
                }
                long mtime = options.mtimeFromFiles() ? source.mtime : options.epoch();
                entries.add(new Planned(line, mtime, source.size));
            }
            ofList.sort(Comparator.comparingInt(Problem::line));
            problems.addAll(ofList);
        }
        return entries;
    }

    /** What a source check found: size and mtime, or the problem. */
    private record Source(long size, long mtime, String problem) {
    }

    private static Source inspect(CpioLine line) {
        Path path = line.source();
        int mode;
        long size;
        FileTime modified;
        try {
            BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class);
            size = basic.size();
            modified = basic.lastModifiedTime();
            if (basic.isRegularFile()) {
                mode = S_IFREG;
            } else if (basic.isDirectory()) {
                mode = S_IFDIR;
            } else {
                // a device, pipe or socket: only the unix view tells a character device apart
                mode = unixMode(path);
            }
        } catch (NoSuchFileException e) {
            return new Source(0, 0, describe(line) + " does not exist");
        } catch (IOException e) {
            return new Source(0, 0, describe(line) + " cannot be read: " + e.getMessage());
        }
        int kind = mode & S_IFMT;
        if (kind != S_IFREG && kind != S_IFCHR) {
            return new Source(0, 0, describe(line) + " is " + describeKind(kind)
                    + "; expected a regular file (or a character device such as /dev/null, which gives an empty file)");
        }
        if (!Files.isReadable(path)) {
            return new Source(0, 0, describe(line) + " is not readable");
        }
        if (kind == S_IFCHR) {
            // like gen_init_cpio: a character device has st_size 0, so its entry is empty
            size = 0;
        }
        if (size > CpioOptions.MAX_TIME) {
            return new Source(0, 0, describe(line) + " is " + size + " bytes; a cpio entry holds at most "
                    + CpioOptions.MAX_TIME + " bytes (4 GiB - 1)");
        }
        return new Source(size, clampedSeconds(modified), null);
    }

    /** "source 'X'", with what X expanded and resolved to when that differs from X. */
    private static String describe(CpioLine line) {
        List<String> meaning = new ArrayList<>();
        if (!line.location().equals(line.writtenLocation())) {
            meaning.add("expands to '" + line.location() + "'");
        }
        if (!line.location().startsWith("/")) {
            meaning.add("resolved to " + line.source());
        }
        String where = "source '" + line.writtenLocation() + "'";
        return meaning.isEmpty() ? where : where + " (" + String.join(", ", meaning) + ")";
    }

    private static int unixMode(Path path) throws IOException {
        try {
            return (Integer) Files.getAttribute(path, "unix:mode");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    private static String describeKind(int kind) {
        return switch (kind) {
            case S_IFDIR -> "a directory";
            case 0060000 -> "a block device";
            case 0010000 -> "a named pipe";
            case 0140000 -> "a socket";
            default -> "an unsupported kind of file";
        };
    }

    private static long listMtime(Path list) {
        try {
            return clampedSeconds(Files.getLastModifiedTime(list));
        } catch (IOException e) {
            // MLin's tool dates the entries "now" when it cannot stat the list
            return Math.min(System.currentTimeMillis() / 1000, CpioOptions.MAX_TIME);
        }
    }

    /** st_mtime clamped to what the 8-hex-digit header field holds, as MLin's tool does. */
    private static long clampedSeconds(FileTime time) {
        long seconds = time.to(TimeUnit.SECONDS);
        return Math.max(0, Math.min(seconds, CpioOptions.MAX_TIME));
    }

    private static CpioSummary emit(Plan plan, OutputStream out) throws IOException {
        NewcWriter writer = new NewcWriter(out, BUFFER_BYTES);
        long inode = FIRST_INODE;
        int entries = 0;
        int files = 0;
        long dataBytes = 0;
        for (Planned planned : plan.entries()) {
            CpioLine line = planned.line();
            long mode = line.headerMode();
            switch (line.type()) {
                // gen_init_cpio gives pipes and sockets a directory's nlink of 2
                case DIR, PIPE, SOCK -> writer.entry(inode, mode, line.uid(), line.gid(), 2, planned.mtime(), 0, 0,
                        nameBytes(line.name()));
                case NOD -> writer.entry(inode, mode, line.uid(), line.gid(), 1, planned.mtime(),
                        line.major(), line.minor(), nameBytes(line.name()));
                case SLINK -> {
                    // the target is stored with its NUL, unlike GNU cpio
                    byte[] target = line.target().getBytes(StandardCharsets.UTF_8);
                    byte[] data = new byte[target.length + 1];
                    System.arraycopy(target, 0, data, 0, target.length);
                    writer.entryWithData(inode, mode, line.uid(), line.gid(), 1, planned.mtime(),
                            nameBytes(line.name()), data);
                }
                case FILE -> {
                    List<String> names = line.names();
                    int nlink = names.size();
                    // every name shares one inode; only the last carries the data (gen_init_cpio's layout)
                    for (int i = 0; i < nlink - 1; i++) {
                        writer.entry(inode, mode, line.uid(), line.gid(), nlink, planned.mtime(), 0, 0,
                                nameBytes(names.get(i)));
                    }
                    writer.fileEntry(inode, mode, line.uid(), line.gid(), nlink, planned.mtime(),
                            nameBytes(names.get(nlink - 1)), line.source(), planned.size());
                    entries += nlink - 1;
                    files++;
                    dataBytes += planned.size();
                }
            }
            entries++;
            inode++;
        }
        long archiveBytes = writer.finish();
        return new CpioSummary(entries, files, dataBytes, archiveBytes);
    }

    private static byte[] nameBytes(String name) {
        return CpioLine.archiveName(name).getBytes(StandardCharsets.UTF_8);
    }
}
