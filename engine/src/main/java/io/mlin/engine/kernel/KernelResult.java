package io.mlin.engine.kernel;

import io.mlin.engine.Problem;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link KernelBuild#build(Path)} produced.
 *
 * @param bzImage the EFI-stub kernel with the initramfs compiled in, inside the object folder
 *     (the next build for this object folder replaces it: copy it out before then)
 * @param kernelRelease {@code make -s kernelrelease}, e.g. {@code 6.1.0}
 * @param kind whether the object folder was configured and compiled, or only relinked
 * @param warnings the {@link KernelConfigCheck} warnings for the build report
 */
public record KernelResult(Path bzImage, String kernelRelease, Kind kind, List<Problem> warnings) {

    /** How much work the build did. */
    public enum Kind {
        /** Configured from the defconfig (new or changed) and compiled. */
        COMPILED,
        /** The object folder was already configured from the same defconfig and source: only the
         * initramfs and the link steps were redone. */
        RELINKED
    }

    public KernelResult {
        warnings = List.copyOf(warnings);
    }
}
