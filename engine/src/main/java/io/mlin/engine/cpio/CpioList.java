package io.mlin.engine.cpio;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One gen_init_cpio list file and the folder its relative {@code file} locations are resolved
 * against (MLin resolves them against the list's own folder, not the process's working folder).
 */
public record CpioList(Path file, Path baseDir) {

    public CpioList {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(baseDir, "baseDir");
    }

    /** A list whose relative locations are resolved against the folder that holds it. */
    public static CpioList of(Path file) {
        return new CpioList(file, file.toAbsolutePath().getParent());
    }
}
