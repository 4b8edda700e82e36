package io.mlin.engine.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A SHA-256 over a folder's content: for each entry in sorted relative-path order its type,
 * path, permission bits, and the file's bytes or the symlink's target. Timestamps, owners and
 * the folder's own name do not count, so the same tree copied elsewhere gives the same digest.
 * Used where a folder stands for a source (a local override) or feeds a cache key.
 */
public final class TreeDigest {

    private TreeDigest() {
    }

    public static String of(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("not a folder: " + folder);
        }
        List<Path> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(p -> !p.equals(folder)).forEach(entries::add);
        }
        // sort by the relative path's text so the order does not depend on the file system
        entries.sort((a, b) -> folder.relativize(a).toString().compareTo(folder.relativize(b).toString()));
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        for (Path p : entries) {
            PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String relative = folder.relativize(p).toString();
            char type = attrs.isSymbolicLink() ? 'l' : attrs.isDirectory() ? 'd' : attrs.isRegularFile() ? 'f' : 'o';
            field(digest, String.valueOf(type));
            field(digest, relative);
            field(digest, Integer.toOctalString(mode(attrs.permissions())));
            if (attrs.isSymbolicLink()) {
                field(digest, Files.readSymbolicLink(p).toString());
            } else if (attrs.isRegularFile()) {
                digest.update(ByteBuffer.allocate(8).putLong(attrs.size()).array());
                try (InputStream in = Files.newInputStream(p)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
            }
        }
        return Sha256.hex(digest.digest());
    }

    private static void field(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    static int mode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= 1 << (8 - p.ordinal());
        }
        return mode;
    }
}
