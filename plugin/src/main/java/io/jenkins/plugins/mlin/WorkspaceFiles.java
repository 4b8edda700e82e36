package io.jenkins.plugins.mlin;

import hudson.AbortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves the paths a step is given against the workspace, on the agent, and refuses any that
 * leave it: {@code ..}, absolute paths, and symbolic links pointing outside are all caught by
 * comparing real (link-resolved) paths, as pipeline-utility-steps does for archives.
 *
 * <p>The one exception is a variables file: {@code withCredentials([file(...)])} writes secret
 * files into the workspace's temporary sibling ({@code <workspace>@tmp}), so an absolute path
 * inside that folder is accepted as well, and nothing else outside the workspace.
 */
final class WorkspaceFiles {
    private final Path root;
    private final Path tempRoot;

    /**
     * @param workspace the workspace folder on this machine
     * @param tempDir the workspace's temporary folder ({@code WorkspaceList.tempDir}), or
     *     {@code null} when there is none
     */
    WorkspaceFiles(Path workspace, String tempDir) throws IOException {
        Files.createDirectories(workspace);
        this.root = workspace.toRealPath();
        this.tempRoot =
                tempDir == null ? null : Path.of(tempDir).toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** An existing file or folder inside the workspace. */
    Path existing(String relative, String what) throws IOException {
        Path path = lexical(relative, what);
        if (!Files.exists(path)) {
            throw new AbortException(what + " '" + relative + "' does not exist in the workspace");
        }
        requireInside(path.toRealPath(), root, relative, what);
        return path;
    }

    /**
     * A file to be written inside the workspace; its parent folders are created. A file that
     * exists already is replaced by the engine (through a temporary name).
     */
    Path output(String relative, String what) throws IOException {
        Path path = lexical(relative, what);
        Path parent = path.getParent();
        createInside(parent, relative, what);
        if (Files.isSymbolicLink(path)) {
            // A link would let the rename write somewhere else.
            throw new AbortException(what + " '" + relative + "' is a symbolic link; refusing to write through it");
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new AbortException(what + " '" + relative + "' is a folder, expected a file name");
        }
        return path;
    }

    /** A folder to write into, inside the workspace; created when missing. */
    Path outputFolder(String relative, String what) throws IOException {
        Path path = lexical(relative, what);
        createInside(path, relative, what);
        return path;
    }

    /**
     * Creates a folder after checking that its deepest existing ancestor really is inside the
     * workspace, so that a symbolic link cannot make us create folders elsewhere first.
     */
    private void createInside(Path folder, String relative, String what) throws IOException {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new AbortException(what + " '" + relative + "': no existing folder above it");
        }
        requireInside(existing.toRealPath(), root, relative, what);
        Files.createDirectories(folder);
        requireInside(folder.toRealPath(), root, relative, what);
    }

    /**
     * A variables file or folder: relative to the workspace, or absolute inside the workspace
     * or its temporary folder (where credential bindings put secret files).
     */
    Path variables(String value, String what) throws IOException {
        Path given = Path.of(value);
        if (!given.isAbsolute()) {
            return existing(value, what);
        }
        Path path = given.normalize();
        if (!Files.exists(path)) {
            throw new AbortException(what + " '" + value + "' does not exist");
        }
        Path real = path.toRealPath();
        boolean inWorkspace = real.startsWith(root);
        boolean inTemp = tempRoot != null && Files.exists(tempRoot) && real.startsWith(tempRoot.toRealPath());
        if (!inWorkspace && !inTemp) {
            throw new AbortException(what + " '" + value + "' is outside the workspace; an absolute path is only"
                    + " accepted inside the workspace or its temporary folder, where withCredentials puts file"
                    + " credentials");
        }
        return path;
    }

    /** The workspace-relative, {@code /}-separated form of a path inside the workspace. */
    String relative(Path path) throws IOException {
        Path real = path.toRealPath();
        requireInside(real, root, path.toString(), "file");
        return root.relativize(real).toString().replace('\\', '/');
    }

    private Path lexical(String relative, String what) throws AbortException {
        if (relative == null || relative.isBlank()) {
            throw new AbortException(what + " is empty");
        }
        Path given = Path.of(relative);
        if (given.isAbsolute()) {
            throw new AbortException(what + " '" + relative + "' must be relative to the workspace");
        }
        Path path = root.resolve(given).normalize();
        if (!path.startsWith(root)) {
            throw new AbortException(what + " '" + relative + "' leaves the workspace");
        }
        return path;
    }

    private static void requireInside(Path real, Path base, String relative, String what) throws AbortException {
        if (!real.startsWith(base)) {
            throw new AbortException(what + " '" + relative + "' resolves outside the workspace (symbolic link?)");
        }
    }
}
