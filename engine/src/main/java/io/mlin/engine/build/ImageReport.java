package io.mlin.engine.build;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was built for one image, as {@code report.json} records it.
 *
 * @param kernelWork {@code compiled}, {@code relinked} or {@code cached} (bzImage taken from the
 *     kernel image cache: no make at all)
 * @param initramfsPerPackage bytes of file data each list put into the initramfs ({@code <flavor>}
 *     for the flavor's own list)
 */
public record ImageReport(
        String name,
        String flavor,
        String variant,
        String kernelPackage,
        String kernelVersion,
        String kernelWork,
        double kernelSeconds,
        List<String> configWarnings,
        Path cpio,
        long cpioBytes,
        String cpioSha256,
        int initramfsEntries,
        int initramfsFiles,
        long initramfsDataBytes,
        Map<String, Long> initramfsPerPackage,
        Path bzImage,
        long bzImageBytes,
        Path iso,
        long isoBytes,
        String isoSha256,
        String volumeId,
        String fatType,
        List<String> packages,
        double seconds) {

    public ImageReport {
        configWarnings = List.copyOf(configWarnings);
        // list order, as the archive has them (Map.copyOf would scramble it)
        initramfsPerPackage = Collections.unmodifiableMap(new LinkedHashMap<>(initramfsPerPackage));
        packages = List.copyOf(packages);
    }
}
