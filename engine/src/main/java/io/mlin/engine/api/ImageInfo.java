package io.mlin.engine.api;

import java.util.List;

/**
 * One image of a tree: a flavor, or a flavor with one variable file.
 *
 * @param name {@code flavor} or {@code flavor/variant}
 * @param variant {@code null} when the flavor has no variable files
 * @param kernel the kernel package the flavor reaches
 * @param packages the image's packages in build order
 */
public record ImageInfo(String name, String flavor, String variant, String kernel, List<String> packages) {
    public ImageInfo {
        packages = List.copyOf(packages);
    }
}
