package io.jenkins.plugins.mlin;

import java.io.Serializable;

/** A file the engine wrote on the agent, as the controller sees it: plugin-owned, serializable. */
public final class BuiltFile implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final long bytes;
    private final String sha256;

    public BuiltFile(String path, long bytes, String sha256) {
        this.path = path;
        this.bytes = bytes;
        this.sha256 = sha256;
    }

    /** Workspace-relative, {@code /}-separated. */
    public String getPath() {
        return path;
    }

    public long getBytes() {
        return bytes;
    }

    public String getSha256() {
        return sha256;
    }
}
