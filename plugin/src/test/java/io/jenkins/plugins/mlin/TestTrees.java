package io.jenkins.plugins.mlin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny MLin tree that needs no download and no compile for its initramfs: one source
 * package, one kernel package (declared, never fetched by these tests) and a flavor with two
 * variants. Written into the workspace by the Pipeline itself ({@code writeFile}), so the files
 * are where the steps look, whichever agent runs them.
 */
final class TestTrees {
    private TestTrees() {}

    /** Path inside the tree to its content. */
    static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("_pkgs/base/Makefile", "$(call source-package)\n");
        files.put("_pkgs/base/cpio_list", "dir /etc 755 0 0\nfile /etc/motd motd 644 0 0\n");
        files.put("_pkgs/base/motd", "built by the MLin plugin tests\n");
        files.put(
                "_pkgs/linux/Makefile",
                "$(call kernel-package, https://mlin.invalid/linux-6.1.tar.xz, " + sha256("never fetched") + ")\n");
        files.put("_pkgs/linux/defconfig", "CONFIG_64BIT=y\n");
        files.put("_pkgs/linux/cpio_list", "# the kernel package adds nothing to the initramfs\n");
        files.put("guest/deps", "base\nlinux\n");
        files.put("guest/cpio_list", "file /etc/hostname etc/hostname 644 0 0\n");
        files.put("guest/etc/hostname", "guest-<ID>\n");
        files.put("guest/site-a.var", "ID=1\n");
        files.put("guest/site-b.var", "ID=2\n");
        return files;
    }

    /** Groovy statements writing the tree under {@code folder} of the workspace. */
    static String writeFileSteps(String folder) {
        StringBuilder groovy = new StringBuilder();
        for (Map.Entry<String, String> file : files().entrySet()) {
            groovy.append("writeFile(file: ")
                    .append(quote(folder + "/" + file.getKey()))
                    .append(", text: ")
                    .append(quote(file.getValue()))
                    .append(")\n");
        }
        return groovy.toString();
    }

    /** A Groovy single-quoted string literal (no interpolation of {@code $}). */
    static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
