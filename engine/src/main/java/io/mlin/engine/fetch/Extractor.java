package io.mlin.engine.fetch;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.cache.FileTrees;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Extracts a source tarball ({@code .tar.gz}, {@code .tar.bz2}, {@code .tar.xz}) safely.
 *
 * <p>Kept: folders, regular files, symlinks, hard links, permission bits (0777; setuid, setgid
 * and sticky bits are dropped) and modification times. Owners are not restored. Everything is
 * written into a temporary folder next to the target and the top folder is renamed into place
 * once complete, so an error or a stop never leaves a half tree under the final name.
 *
 * <p>Rejected, as an error naming the archive and the entry: absolute paths; any {@code ..}
 * component (GNU tar refuses these too); symlinks whose target is absolute or resolves outside
 * the extraction root (following symlinks extracted before it, and checked again over the whole
 * tree at the end, so chains of links cannot escape either); hard links to anything but a
 * regular file extracted earlier; entries under a previously extracted symlink (they would be
 * written through it); device nodes and FIFOs (source tarballs have none; refusing is safer
 * than guessing).
 *
 * <p>A tarball holds one top folder, by convention named after the file without its two
 * extensions ({@code foo-1.2.tar.xz} holds {@code foo-1.2/}). A single top folder with another
 * name is accepted and used; several top entries, or a single file, are an error.
 */
public final class Extractor {
    private static final List<String> SUFFIXES = List.of(".tar.gz", ".tar.bz2", ".tar.xz");
    private static final int MAX_LINK_HOPS = 40;

    private final Path archive;
    private final Path root;
    /** Folders known to be real folders (not symlinks) inside {@link #root}, as relative paths. */
    private final Set<String> realFolders = new HashSet<>();
    /** Folder attributes, applied at the end because filling a folder changes its time. */
    private final Map<String, TarArchiveEntry> folderEntries = new LinkedHashMap<>();
    private String entryName = "";

    private Extractor(Path archive, Path root) {
        this.archive = archive;
        this.root = root;
    }

    /**
     * Extracts {@code tarball} under {@code targetParent} and returns its top folder there.
     *
     * @throws MlinException for an unknown format, an unsafe or unsupported entry, a damaged
     *     archive, a layout other than one top folder, or a top folder that already exists
     * @throws InterruptedIOException when the thread is interrupted (the interrupt flag stays set)
     */
    public static Path extract(Path tarball, Path targetParent) throws IOException {
        String name = tarball.getFileName().toString();
        String suffix = SUFFIXES.stream().filter(name::endsWith).findFirst().orElse(null);
        if (suffix == null || name.length() == suffix.length()) {
            throw new MlinException(Problem.inFile(tarball, "not a source tarball: the name must end with .tar.gz, .tar.bz2 or .tar.xz"));
        }
        String expectedTop = name.substring(0, name.length() - suffix.length());
        Files.createDirectories(targetParent);
        Path temp = Files.createTempDirectory(targetParent, "." + expectedTop + ".extract-");
        try {
            Extractor extractor = new Extractor(tarball, temp);
            extractor.readAll(suffix);
            extractor.checkAllSymlinks();
            Path top = extractor.singleTop(expectedTop);
            String topName = top.getFileName().toString();
            extractor.applyFolderAttributes(topName);
            Path target = targetParent.resolve(topName);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new MlinException(Problem.inFile(tarball, "cannot extract: " + target + " already exists"));
            }
            Files.move(top, target, StandardCopyOption.ATOMIC_MOVE);
            // the top folder's own mode last: a read-only folder cannot be moved to a new parent
            TarArchiveEntry topEntry = extractor.folderEntries.get(topName);
            if (topEntry != null) {
                applyAttributes(target, topEntry);
            }
            return target;
        } finally {
            FileTrees.deleteRecursively(temp);
        }
    }

    private void readAll(String suffix) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream decompressed = decompress(file, suffix);
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("extraction of " + archive + " interrupted");
                }
                entryName = entry.getName();
                extractEntry(entry, tar);
            }
        } catch (MlinException | InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            if (Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException) {
                InterruptedIOException stopped = new InterruptedIOException("extraction of " + archive + " interrupted");
                stopped.initCause(e);
                throw stopped;
            }
            // a damaged archive, mostly; a full disk would land here too, hence "extract", not "read"
            String where = entryName.isEmpty() ? "" : " at entry '" + entryName + "'";
            throw new MlinException(Problem.inFile(archive, "cannot extract the archive" + where + ": " + e));
        }
    }

    private static InputStream decompress(InputStream in, String suffix) throws IOException {
        switch (suffix) {
            case ".tar.gz":
                return new GzipCompressorInputStream(in, true);
            case ".tar.bz2":
                return new BZip2CompressorInputStream(in, true);
            default:
                return new XZCompressorInputStream(in, true);
        }
    }

    private void extractEntry(TarArchiveEntry entry, InputStream content) throws IOException {
        if (entry.isGlobalPaxHeader()) {
            return; // settings for the entries that follow; commons-compress applies them
        }
        String rel = safeRelative(entry.getName());
        if (rel.isEmpty()) {
            return; // "./": the extraction root itself
        }
        if (entry.isCharacterDevice() || entry.isBlockDevice()) {
            throw reject("is a device node; source tarballs have none, so it is refused");
        }
        if (entry.isFIFO()) {
            throw reject("is a FIFO; source tarballs have none, so it is refused");
        }
        Path dest = root.resolve(rel);
        ensureRealParents(rel);
        boolean isFolder = entry.isDirectory() && !entry.isSymbolicLink() && !entry.isLink();
        if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                if (!isFolder) {
                    throw reject("would replace the folder extracted before it");
                }
            } else {
                Files.delete(dest); // a later entry of the same name wins, as with tar
            }
        }
        if (entry.isSymbolicLink()) {
            String target = entry.getLinkName();
            if (target.isEmpty()) {
                throw reject("is a symlink without a target");
            }
            if (target.startsWith("/")) {
                throw reject("is a symlink to the absolute path " + target);
            }
            if (!staysInside(parentOf(rel), target)) {
                throw reject("is a symlink to " + target + ", which is outside the extraction folder");
            }
            Files.createSymbolicLink(dest, Path.of(target));
            setTime(dest, entry.getLastModifiedTime());
        } else if (entry.isLink()) {
            String linkRel = safeRelative(entry.getLinkName());
            Path source = root.resolve(linkRel);
            if (linkRel.isEmpty() || !realFoldersOnTheWay(linkRel)
                    || !Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
                throw reject("is a hard link to " + entry.getLinkName() + ", which is not a regular file extracted before it");
            }
            Files.createLink(dest, source);
        } else if (isFolder) {
            if (!Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(dest);
            }
            realFolders.add(rel);
            folderEntries.put(rel, entry);
        } else if (entry.isFile()) {
            // CREATE_NEW: never write through whatever might have appeared at this name
            try (OutputStream out = Files.newOutputStream(dest, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.transferTo(out);
            }
            applyAttributes(dest, entry);
        } else {
            throw reject("has an unsupported type (tar type flag '" + (char) entry.getLinkFlag() + "')");
        }
    }

    /**
     * The entry name as a path relative to the root: leading {@code ./} and trailing {@code /}
     * removed. Absolute names and {@code ..} components are rejected.
     */
    private String safeRelative(String name) {
        if (name.startsWith("/")) {
            throw reject("has an absolute path");
        }
        List<String> parts = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw reject("has a '..' component: it could write outside the extraction folder");
            }
            if (part.indexOf('\0') >= 0) {
                throw reject("has a NUL byte in its name");
            }
            parts.add(part);
        }
        return String.join("/", parts);
    }

    /** Creates missing parent folders; fails if one of them is a symlink (we would write through it). */
    private void ensureRealParents(String rel) throws IOException {
        int slash = -1;
        while ((slash = rel.indexOf('/', slash + 1)) >= 0) {
            String folder = rel.substring(0, slash);
            if (realFolders.contains(folder)) {
                continue;
            }
            Path p = root.resolve(folder);
            if (Files.isSymbolicLink(p)) {
                throw reject("is under " + folder + ", a symlink extracted before it: writing it would follow the link");
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
            } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw reject("is under " + folder + ", which is not a folder");
            }
            realFolders.add(folder);
        }
    }

    /** True when every folder on the way to {@code rel} is a real folder, not a symlink. */
    private boolean realFoldersOnTheWay(String rel) {
        int slash = -1;
        while ((slash = rel.indexOf('/', slash + 1)) >= 0) {
            String folder = rel.substring(0, slash);
            if (!realFolders.contains(folder) && !Files.isDirectory(root.resolve(folder), LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Resolves {@code target} from folder {@code from} (relative to the root) the way the kernel
     * would, following the symlinks that exist in the tree now, and tells whether it stays inside
     * the root. Missing components are taken as they are written.
     */
    private boolean staysInside(String from, String target) throws IOException {
        Deque<String> at = new ArrayDeque<>();
        for (String part : from.split("/")) {
            if (!part.isEmpty()) {
                at.addLast(part);
            }
        }
        Deque<String> todo = new ArrayDeque<>(List.of(target.split("/")));
        int hops = 0;
        while (!todo.isEmpty()) {
            String part = todo.removeFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (at.isEmpty()) {
                    return false;
                }
                at.removeLast();
                continue;
            }
            at.addLast(part);
            Path p = root.resolve(String.join("/", at));
            if (Files.isSymbolicLink(p)) {
                if (++hops > MAX_LINK_HOPS) {
                    return false; // a loop: refuse rather than guess
                }
                String next = Files.readSymbolicLink(p).toString();
                if (next.startsWith("/")) {
                    return false;
                }
                at.removeLast();
                List<String> parts = List.of(next.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
            }
        }
        return true;
    }

    /** The final check: in the finished tree, no symlink (even through others) leads outside. */
    private void checkAllSymlinks() throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isSymbolicLink()) {
                    String rel = root.relativize(file).toString();
                    String target = Files.readSymbolicLink(file).toString();
                    if (!staysInside(parentOf(rel), target)) {
                        entryName = rel;
                        throw reject("is a symlink to " + target + ", which leads outside the extraction folder"
                                + " through other symlinks of the archive");
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private Path singleTop(String expectedTop) throws IOException {
        List<String> names = new ArrayList<>();
        Path only = null;
        try (DirectoryStream<Path> top = Files.newDirectoryStream(root)) {
            for (Path p : top) {
                names.add(p.getFileName().toString());
                only = p;
            }
        }
        if (names.size() == 1 && Files.isDirectory(only, LinkOption.NOFOLLOW_LINKS)) {
            return only;
        }
        names.sort(null);
        String found = names.isEmpty() ? "nothing"
                : String.join(", ", names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", ..." : "");
        throw new MlinException(Problem.inFile(archive, "expected one top folder (by convention " + expectedTop
                + "/), found " + found));
    }

    /** Folder modes and times, deepest first, all but the top folder (set after its move). */
    private void applyFolderAttributes(String topName) throws IOException {
        List<String> folders = new ArrayList<>(folderEntries.keySet());
        folders.sort((a, b) -> Long.compare(b.chars().filter(c -> c == '/').count(), a.chars().filter(c -> c == '/').count()));
        for (String rel : folders) {
            if (!rel.equals(topName)) {
                applyAttributes(root.resolve(rel), folderEntries.get(rel));
            }
        }
    }

    private static void applyAttributes(Path path, TarArchiveEntry entry) throws IOException {
        Files.setPosixFilePermissions(path, permissions(entry.getMode()));
        setTime(path, entry.getLastModifiedTime());
    }

    private static void setTime(Path path, FileTime time) throws IOException {
        if (time != null) {
            Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(time, null, null);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values();
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                perms.add(all[i]);
            }
        }
        return perms;
    }

    private static String parentOf(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    private MlinException reject(String what) {
        return new MlinException(Problem.inFile(archive, "entry '" + entryName + "' " + what));
    }
}
