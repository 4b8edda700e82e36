package io.jenkins.plugins.mlin;

import hudson.AbortException;
import io.mlin.engine.api.VariableSource;
import java.io.IOException;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the {@code <NAME>} values of an image come from, in a form that crosses the remoting
 * channel (JDK types only); turned into the engine's {@link VariableSource} on the agent.
 * Values are never printed: {@link #toString()} names the source, not its content.
 */
public final class VariablesSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    private enum Kind {
        TREE,
        FILE,
        DIRECTORY,
        MAP
    }

    private final Kind kind;
    private final String path;
    private final TreeMap<String, String> values;

    private VariablesSpec(Kind kind, String path, Map<String, String> values) {
        this.kind = kind;
        this.path = path;
        this.values = values == null ? null : new TreeMap<>(values);
    }

    /** The tree's own {@code <flavor>/<variant>.var} files. */
    public static VariablesSpec treeFiles() {
        return new VariablesSpec(Kind.TREE, null, null);
    }

    /**
     * Picks the one source the user gave; more than one is an error rather than a silent
     * precedence rule, so a forgotten parameter cannot win over the intended one.
     *
     * @param values a map given in the Pipeline script, or {@code null}
     * @param file a {@code KEY=value} file (workspace-relative, or absolute under the
     *     workspace's temporary folder for file credentials), or {@code null}
     * @param directory a folder of {@code <flavor>/<variant>.var} or {@code <variant>.var}
     *     files, or {@code null}
     */
    public static VariablesSpec choose(Map<String, String> values, String file, String directory)
            throws AbortException {
        int given = (values != null ? 1 : 0) + (file != null ? 1 : 0) + (directory != null ? 1 : 0);
        if (given > 1) {
            throw new AbortException("give at most one of vars, varsFile and varsDir");
        }
        if (values != null) {
            return new VariablesSpec(Kind.MAP, null, values);
        }
        if (file != null) {
            return new VariablesSpec(Kind.FILE, file, null);
        }
        if (directory != null) {
            return new VariablesSpec(Kind.DIRECTORY, directory, null);
        }
        return treeFiles();
    }

    /** Called on the agent, where the files are. */
    VariableSource toSource(WorkspaceFiles files) throws IOException {
        switch (kind) {
            case FILE:
                return VariableSource.file(files.variables(path, "varsFile"));
            case DIRECTORY:
                return VariableSource.directory(files.variables(path, "varsDir"));
            case MAP:
                return VariableSource.map(Map.copyOf(values));
            case TREE:
            default:
                return VariableSource.treeFiles();
        }
    }

    @Override
    public String toString() {
        switch (kind) {
            case FILE:
                return "variables file " + path;
            case DIRECTORY:
                return "variables folder " + path;
            case MAP:
                return values.size() + " variable(s) given in the Pipeline (values not shown)";
            case TREE:
            default:
                return "the tree's .var files";
        }
    }
}
