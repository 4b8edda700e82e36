package io.jenkins.plugins.mlin;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a build knows about one image, kept in {@code build.xml} by {@link MlinImagesAction}.
 * Fields are filled by whichever steps ran: {@code mlinInitramfs} the cpio, {@code mlinKernel}
 * the kernel version and warnings, {@code mlinIso} the ISO, {@code mlinBuild} all of them.
 * Plain mutable fields (no record, no final) so that XStream reads old and new builds alike.
 */
public final class ImageRecord {
    private String name;
    private String cpioArtifact;
    private String isoArtifact;
    private Long isoBytes;
    private String isoSha256;
    private String kernelVersion;
    private List<String> warnings;

    public ImageRecord(String name) {
        this.name = name;
    }

    public ImageRecord cpio(String artifact) {
        this.cpioArtifact = artifact;
        return this;
    }

    public ImageRecord iso(String artifact, long bytes, String sha256) {
        this.isoArtifact = artifact;
        this.isoBytes = bytes;
        this.isoSha256 = sha256;
        return this;
    }

    public ImageRecord kernel(String version, List<String> configWarnings) {
        this.kernelVersion = version;
        this.warnings = new ArrayList<>(configWarnings);
        return this;
    }

    /** Takes every field the other record has; used when several steps describe one image. */
    void mergeFrom(ImageRecord other) {
        if (other.cpioArtifact != null) {
            cpioArtifact = other.cpioArtifact;
        }
        if (other.isoArtifact != null) {
            isoArtifact = other.isoArtifact;
        }
        if (other.isoBytes != null) {
            isoBytes = other.isoBytes;
        }
        if (other.isoSha256 != null) {
            isoSha256 = other.isoSha256;
        }
        if (other.kernelVersion != null) {
            kernelVersion = other.kernelVersion;
        }
        if (other.warnings != null) {
            warnings = new ArrayList<>(other.warnings);
        }
    }

    ImageRecord copy() {
        ImageRecord copy = new ImageRecord(name);
        copy.mergeFrom(this);
        return copy;
    }

    public String getName() {
        return name;
    }

    /** Artifact path of the cpio, or {@code null} when it was not archived. */
    public String getCpioArtifact() {
        return cpioArtifact;
    }

    /** Artifact path of the ISO, or {@code null} when it was not archived or not built. */
    public String getIsoArtifact() {
        return isoArtifact;
    }

    public String getIsoFileName() {
        return isoArtifact == null ? null : Outputs.fileName(isoArtifact);
    }

    public String getCpioFileName() {
        return cpioArtifact == null ? null : Outputs.fileName(cpioArtifact);
    }

    public Long getIsoBytes() {
        return isoBytes;
    }

    /** The ISO size for people: {@code 7.4 MiB}. */
    public String getIsoSize() {
        if (isoBytes == null) {
            return "";
        }
        double size = isoBytes;
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int unit = 0;
        while (size >= 1024 && unit < units.length - 1) {
            size /= 1024;
            unit++;
        }
        return unit == 0 ? isoBytes + " B" : String.format(Locale.ROOT, "%.1f %s", size, units[unit]);
    }

    public String getIsoSha256() {
        return isoSha256;
    }

    public String getKernelVersion() {
        return kernelVersion;
    }

    public List<String> getWarnings() {
        return warnings == null ? List.of() : List.copyOf(warnings);
    }
}
