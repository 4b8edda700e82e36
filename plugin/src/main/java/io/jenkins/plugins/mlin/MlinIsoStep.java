package io.jenkins.plugins.mlin;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code mlinIso(kernel: 'mlin-out/guest-site-a.bzImage')}: a UEFI-bootable ISO whose only
 * file is the kernel at {@code /EFI/BOOT/BOOTX64.EFI}. Returns the workspace-relative path of
 * the ISO; archives and fingerprints it unless {@code archive: false}, and lists it in the
 * build's MLin summary under {@code image} (default: the ISO's file name).
 */
public final class MlinIsoStep extends Step {
    private final String kernel;
    private String output;
    private String volumeId;
    private String image;
    private boolean archive = true;

    @DataBoundConstructor
    public MlinIsoStep(String kernel) {
        this.kernel = Outputs.blankToNull(kernel);
        if (this.kernel == null) {
            throw new IllegalArgumentException("mlinIso needs the workspace-relative path of a kernel (bzImage)");
        }
    }

    public String getKernel() {
        return kernel;
    }

    /** Workspace-relative ISO path; {@code null} for {@code mlin-out/<kernel file name>.iso}. */
    public String getOutput() {
        return output;
    }

    @DataBoundSetter
    public void setOutput(String output) {
        this.output = Outputs.blankToNull(output);
    }

    /** ISO volume identifier; {@code null} for the ISO's file name in upper case. */
    public String getVolumeId() {
        return volumeId;
    }

    @DataBoundSetter
    public void setVolumeId(String volumeId) {
        this.volumeId = Outputs.blankToNull(volumeId);
    }

    /** The image name shown in the build's MLin summary. */
    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Outputs.blankToNull(image);
    }

    public boolean isArchive() {
        return archive;
    }

    @DataBoundSetter
    public void setArchive(boolean archive) {
        this.archive = archive;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "mlinIso";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Make a UEFI-bootable ISO from an MLin kernel";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return MlinStepExecution.CONTEXT;
        }
    }

    static final class Execution extends MlinStepExecution<String> {
        private static final long serialVersionUID = 1L;
        private final transient MlinIsoStep step;

        Execution(MlinIsoStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            FilePath workspace = workspace();
            String output = step.output != null ? step.output : Outputs.isoFor(step.kernel);
            String volumeId = step.volumeId != null ? step.volumeId : Outputs.volumeIdFor(output);
            BuiltFile iso = workspace.act(
                    new AgentCalls.Iso(settings(), listener(), tempDir(workspace), step.kernel, output, volumeId));
            listener()
                    .getLogger()
                    .println("[mlin] " + iso.getPath() + ": " + iso.getBytes() + " bytes, sha256 " + iso.getSha256()
                            + ", volume " + volumeId);
            String name = step.image != null ? step.image : Outputs.fileName(iso.getPath());
            ImageRecord record = new ImageRecord(name);
            if (step.archive) {
                archive(List.of(iso.getPath()));
                record.iso(iso.getPath(), iso.getBytes(), iso.getSha256());
            } else {
                record.iso(null, iso.getBytes(), iso.getSha256());
            }
            MlinImagesAction.record(build(), record);
            return iso.getPath();
        }
    }
}
