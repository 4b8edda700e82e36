package io.mlin.engine.api;

import java.nio.file.Path;
import java.util.List;

/**
 * A kernel built for one image.
 *
 * @param relinked true when an earlier compile of the same kernel source and defconfig was reused
 *     and only the initramfs was swapped and linked again
 * @param configWarnings kernel options a Hyper-V guest or hardening guide recommends that are off
 */
public record KernelResult(Path bzImage, String version, boolean relinked, List<String> configWarnings) {
    public KernelResult {
        configWarnings = List.copyOf(configWarnings);
    }
}
