package io.mlin.engine.tree;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A package's {@code $(call ...)} after Make's expansion: what to download, how to check it and,
 * for configure-packages, the words handed to {@code ./configure}.
 *
 * @param kind       which recipe
 * @param url        the tarball's URL ({@code null} for a source-package)
 * @param sha256     its expected sha256, 64 lowercase hex digits ({@code null} for a source-package)
 * @param flags      configure flags split into shell words (empty unless CONFIGURE)
 * @param flagsText  FLAGS as Make hands them to the shell, before word splitting (empty unless given)
 * @param makefile   the Makefile the recipe was read from
 * @param line       the line its {@code $(call} starts on
 */
public record Recipe(RecipeKind kind, String url, String sha256, List<FlagWord> flags, String flagsText,
        Path makefile, int line) {

    public Recipe {
        Objects.requireNonNull(kind, "kind");
        flags = List.copyOf(flags);
        flagsText = flagsText == null ? "" : flagsText;
    }

    /**
     * The tarball's file name, the last segment of the URL, e.g. {@code busybox-1.36.1.tar.bz2};
     * {@code null} for a source-package.
     */
    public String tarballName() {
        if (url == null) {
            return null;
        }
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /**
     * The folder the tarball extracts to: its name without the two extensions
     * ({@code busybox-1.36.1}); {@code null} for a source-package.
     */
    public String extractedFolderName() {
        String name = tarballName();
        if (name == null) {
            return null;
        }
        for (String ext : Tree.TARBALL_EXTENSIONS) {
            if (name.endsWith(ext)) {
                return name.substring(0, name.length() - ext.length());
            }
        }
        return name;
    }
}
