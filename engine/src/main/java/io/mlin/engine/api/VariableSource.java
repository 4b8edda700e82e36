package io.mlin.engine.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where an image's {@code <NAME>} values come from. Variable files are often kept out of version
 * control and may hold secrets, so {@link #toString()} never shows values.
 */
public final class VariableSource {
    /** How the values are found. */
    public enum Kind {
        /** The tree's own {@code <flavor>/<variant>.var}. */
        TREE_FILES,
        /** One {@code KEY=value} file outside the tree. */
        FILE,
        /** {@code <dir>/<flavor>/<variant>.var}, else {@code <dir>/<variant>.var}. */
        DIRECTORY,
        /** Values handed in by the caller. */
        MAP
    }

    private final Kind kind;
    private final Path path;
    private final Map<String, String> values;

    private VariableSource(Kind kind, Path path, Map<String, String> values) {
        this.kind = kind;
        this.path = path;
        this.values = values;
    }

    public static VariableSource treeFiles() {
        return new VariableSource(Kind.TREE_FILES, null, Map.of());
    }

    public static VariableSource file(Path varFile) {
        return new VariableSource(Kind.FILE, Objects.requireNonNull(varFile, "varFile"), Map.of());
    }

    public static VariableSource directory(Path dir) {
        return new VariableSource(Kind.DIRECTORY, Objects.requireNonNull(dir, "dir"), Map.of());
    }

    public static VariableSource map(Map<String, String> values) {
        return new VariableSource(Kind.MAP, null, Map.copyOf(values));
    }

    public Kind kind() {
        return kind;
    }

    /** The file or folder for {@link Kind#FILE} and {@link Kind#DIRECTORY}, else null. */
    public Path path() {
        return path;
    }

    /** The caller's values for {@link Kind#MAP}, else empty. */
    public Map<String, String> values() {
        return values;
    }

    @Override
    public String toString() {
        switch (kind) {
            case FILE:
            case DIRECTORY:
                return kind + " " + path;
            case MAP:
                return "MAP with names " + new java.util.TreeSet<>(values.keySet());
            default:
                return kind.toString();
        }
    }
}
