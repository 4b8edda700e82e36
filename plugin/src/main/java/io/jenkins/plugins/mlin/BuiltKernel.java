package io.jenkins.plugins.mlin;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** A kernel the engine built on the agent: plugin-owned, serializable. */
public final class BuiltKernel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final String version;
    private final boolean relinked;
    private final ArrayList<String> configWarnings;

    public BuiltKernel(String path, String version, boolean relinked, List<String> configWarnings) {
        this.path = path;
        this.version = version;
        this.relinked = relinked;
        this.configWarnings = configWarnings == null ? new ArrayList<>() : new ArrayList<>(configWarnings);
    }

    public String getPath() {
        return path;
    }

    public String getVersion() {
        return version;
    }

    public boolean isRelinked() {
        return relinked;
    }

    public List<String> getConfigWarnings() {
        return configWarnings;
    }
}
