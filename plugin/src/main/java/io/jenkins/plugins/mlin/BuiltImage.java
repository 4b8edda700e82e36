package io.jenkins.plugins.mlin;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** One image of {@code mlinBuild} or the freestyle step: plugin-owned, serializable. */
public final class BuiltImage implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String cpio;
    private final String kernel;
    private final String iso;
    private final long isoBytes;
    private final String isoSha256;
    private final String kernelVersion;
    private final ArrayList<String> warnings;

    public BuiltImage(
            String name,
            String cpio,
            String kernel,
            String iso,
            long isoBytes,
            String isoSha256,
            String kernelVersion,
            List<String> warnings) {
        this.name = name;
        this.cpio = cpio;
        this.kernel = kernel;
        this.iso = iso;
        this.isoBytes = isoBytes;
        this.isoSha256 = isoSha256;
        this.kernelVersion = kernelVersion;
        this.warnings = warnings == null ? new ArrayList<>() : new ArrayList<>(warnings);
    }

    public String getName() {
        return name;
    }

    /** Workspace-relative paths, {@code /}-separated. */
    public String getCpio() {
        return cpio;
    }

    public String getKernel() {
        return kernel;
    }

    public String getIso() {
        return iso;
    }

    public long getIsoBytes() {
        return isoBytes;
    }

    public String getIsoSha256() {
        return isoSha256;
    }

    public String getKernelVersion() {
        return kernelVersion;
    }

    public List<String> getWarnings() {
        return warnings;
    }
}
