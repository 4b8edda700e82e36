package io.mlin.engine.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The SHA-256 of an ordered list of named parts: everything a build result depends on (recipe
 * text, source digest, config content, dependency keys, flags, compiler version...).
 *
 * <p>Each part is hashed as its kind, its name and its value, every field length-prefixed, so
 * no two different part lists give the same byte stream ({@code ("ab","c")} is not
 * {@code ("a","bc")}). The order of parts counts. A version tag leads the stream: changing the
 * encoding changes every key instead of silently reusing old entries.
 */
public final class CacheKey {
    private static final String FORMAT = "mlin-cache-key-v1";

    private CacheKey() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects parts in order; {@link #build()} gives the 64-digit hex key. */
    public static final class Builder {
        private final List<byte[]> encoded = new ArrayList<>();

        private Builder() {
        }

        /** A text part (UTF-8). */
        public Builder add(String name, String value) {
            Objects.requireNonNull(value, name);
            return part('s', name, value.getBytes(StandardCharsets.UTF_8));
        }

        /** A binary part. */
        public Builder add(String name, byte[] value) {
            Objects.requireNonNull(value, name);
            return part('b', name, value.clone());
        }

        /** A list part, e.g. flags or dependency keys; the list's order counts. */
        public Builder add(String name, List<String> values) {
            Builder nested = new Builder();
            for (String v : values) {
                nested.add("item", v);
            }
            return part('l', name, nested.build().getBytes(StandardCharsets.US_ASCII));
        }

        /** A file's content, streamed (its name and timestamps do not count). */
        public Builder addFileContent(String name, Path file) throws IOException {
            return part('f', name, Sha256.ofFile(file).getBytes(StandardCharsets.US_ASCII));
        }

        /** A folder's content as {@link TreeDigest} sees it (paths, types, modes, bytes, link targets). */
        public Builder addTree(String name, Path folder) throws IOException {
            return part('t', name, TreeDigest.of(folder).getBytes(StandardCharsets.US_ASCII));
        }

        private Builder part(char kind, String name, byte[] value) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a cache key part needs a name");
            }
            byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(1 + 4 + nameBytes.length + 8 + value.length);
            b.put((byte) kind).putInt(nameBytes.length).put(nameBytes).putLong(value.length).put(value);
            encoded.add(b.array());
            return this;
        }

        /** The key: 64 lowercase hex digits. */
        public String build() {
            MessageDigest digest = Sha256.newDigest();
            byte[] format = FORMAT.getBytes(StandardCharsets.US_ASCII);
            digest.update(ByteBuffer.allocate(4).putInt(format.length).array());
            digest.update(format);
            for (byte[] part : encoded) {
                digest.update(part);
            }
            return Sha256.hex(digest.digest());
        }
    }
}
