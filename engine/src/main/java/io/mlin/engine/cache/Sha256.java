package io.mlin.engine.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 helpers: streaming file digests and the lowercase hex form recipes use. */
public final class Sha256 {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    /** A fresh SHA-256 digest (every JVM has one; its absence is a broken runtime). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** The lowercase hex SHA-256 of a file, read in blocks (never whole into memory). */
    public static String ofFile(Path file) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return hex(digest.digest());
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** True for exactly 64 lowercase hex digits, the form stored in recipes and cache names. */
    public static boolean isHex64(String s) {
        return s != null && HEX64.matcher(s).matches();
    }
}
