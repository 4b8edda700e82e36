package io.mlin.engine.tree;

import java.util.Arrays;
import java.util.Optional;

/** The four recipes a package's Makefile can call, with the argument counts MLin's Makefile accepts. */
public enum RecipeKind {
    /** No download: the package's files are its own folder or absolute host paths. */
    SOURCE("source-package", 0, 0),
    /** Download, extract, copy {@code config} to {@code .config}, make. */
    KCONFIG("kconfig-package", 2, 2),
    /** Download, extract, {@code ./configure FLAGS}, make. */
    CONFIGURE("configure-package", 2, 3),
    /** Download, extract; built per image with the image's initramfs. */
    KERNEL("kernel-package", 2, 2);

    private final String makeName;
    private final int minArguments;
    private final int maxArguments;

    RecipeKind(String makeName, int minArguments, int maxArguments) {
        this.makeName = makeName;
        this.minArguments = minArguments;
        this.maxArguments = maxArguments;
    }

    /** The name used in {@code $(call NAME, ...)}, e.g. {@code configure-package}. */
    public String makeName() {
        return makeName;
    }

    public int minArguments() {
        return minArguments;
    }

    public int maxArguments() {
        return maxArguments;
    }

    /** Whether the package's files come from a download that has to be built first. */
    public boolean needsBuild() {
        return this != SOURCE;
    }

    public static Optional<RecipeKind> byMakeName(String name) {
        return Arrays.stream(values()).filter(k -> k.makeName.equals(name)).findFirst();
    }

    /** What a call of this recipe looks like, for error messages. */
    String usage() {
        switch (this) {
            case SOURCE:
                return "$(call source-package)";
            case CONFIGURE:
                return "$(call configure-package, URL, SHA256[, FLAGS])";
            default:
                return "$(call " + makeName + ", URL, SHA256)";
        }
    }
}
