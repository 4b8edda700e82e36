package io.mlin.engine.cache;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/** Copying and deleting folder trees without ever following a symlink out of them. */
public final class FileTrees {

    /** Called before each entry is copied; lets a test stop a copy half-way. */
    @FunctionalInterface
    public interface CopyObserver {
        void beforeCopy(Path source) throws IOException;
    }

    private FileTrees() {
    }

    /**
     * Deletes {@code root} and everything under it; symlinks are removed, never followed. Folders
     * without write permission (a source tree may have them) are made writable first.
     */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
                if (!perms.contains(PosixFilePermission.OWNER_WRITE) || !perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
                    perms.add(PosixFilePermission.OWNER_WRITE);
                    perms.add(PosixFilePermission.OWNER_EXECUTE);
                    perms.add(PosixFilePermission.OWNER_READ);
                    Files.setPosixFilePermissions(dir, perms);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Copies the tree {@code source} to {@code target} (which must not exist): folders, files with
     * their permission bits and modification times, symlinks as symlinks. Hard links become
     * separate copies. Folder times are set last, since filling a folder changes its time.
     */
    public static void copy(Path source, Path target, CopyObserver observer) throws IOException {
        Deque<Path[]> folderTimes = new ArrayDeque<>();
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                observer.beforeCopy(dir);
                Path to = target.resolve(source.relativize(dir).toString());
                Files.createDirectory(to);
                Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
                folderTimes.push(new Path[] {dir, to});
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                observer.beforeCopy(file);
                Path to = target.resolve(source.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                } else if (attrs.isRegularFile()) {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                } else {
                    throw new IOException("cannot copy " + file + ": neither a file, a folder nor a symlink");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        // children before parents: the stack pops the deepest folders first
        while (!folderTimes.isEmpty()) {
            Path[] pair = folderTimes.pop();
            BasicFileAttributes attrs = Files.readAttributes(pair[0], BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Files.getFileAttributeView(pair[1], BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(attrs.lastModifiedTime(), null, null);
        }
    }
}
