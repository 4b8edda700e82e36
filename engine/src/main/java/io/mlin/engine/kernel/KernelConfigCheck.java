package io.mlin.engine.kernel;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a kernel's final {@code .config} (after {@code make olddefconfig}) against what an MLin
 * image needs.
 *
 * <p>Errors, all reported together as one {@link MlinException} naming the {@code .config} and
 * each option: the kernel could not boot as an MLin image without
 * <ul>
 *   <li>{@code CONFIG_EFI_STUB=y} (UEFI loads the bzImage itself as {@code BOOTX64.EFI}),
 *   <li>{@code CONFIG_BLK_DEV_INITRD=y} (no initramfs support, no root file system),
 *   <li>{@code CONFIG_INITRAMFS_SOURCE} equal to the initramfs file the build swaps in.
 * </ul>
 *
 * <p>Warnings, returned for the build report: the Hyper-V guest drivers a Gen2 VM needs
 * ({@link #HYPERV_OPTIONS}, and one of {@code FB_HYPERV}/{@code DRM_HYPERV}), and a small set of
 * hardening options recommended by the Kernel Self Protection Project ({@link #KSPP_ENABLED},
 * {@link #KSPP_DISABLED}).
 */
public final class KernelConfigCheck {
    /** Hyper-V guest support: VMBus, network, KVP/shutdown/time sync, keyboard, SCSI storage. */
    public static final List<String> HYPERV_OPTIONS =
            List.of("HYPERV", "HYPERV_NET", "HYPERV_UTILS", "HYPERV_KEYBOARD", "HYPERV_STORAGE");

    /** The Hyper-V synthetic video drivers; one of them is enough. */
    public static final List<String> HYPERV_VIDEO_OPTIONS = List.of("FB_HYPERV", "DRM_HYPERV");

    /** KSPP recommendations that should be {@code =y}. */
    public static final List<String> KSPP_ENABLED = List.of(
            "STACKPROTECTOR_STRONG",
            "STRICT_KERNEL_RWX",
            "RANDOMIZE_BASE",
            "HARDENED_USERCOPY",
            "FORTIFY_SOURCE",
            "SECURITY_DMESG_RESTRICT",
            "INIT_ON_ALLOC_DEFAULT_ON",
            "BUG_ON_DATA_CORRUPTION",
            "SLAB_FREELIST_HARDENED");

    /** KSPP recommendations that should be off: raw access to physical and kernel memory. */
    public static final List<String> KSPP_DISABLED = List.of("DEVMEM", "PROC_KCORE");

    private KernelConfigCheck() {
    }

    /**
     * Checks {@code dotConfig}.
     *
     * @param expectedInitramfsSource the exact value {@code CONFIG_INITRAMFS_SOURCE} must have
     * @return the warnings, each naming the {@code .config}, the option and (where the file
     *     mentions it) its line; empty when nothing is amiss
     * @throws MlinException with every error found
     */
    public static List<Problem> check(Path dotConfig, String expectedInitramfsSource) throws IOException {
        return check(KernelConfig.read(dotConfig), expectedInitramfsSource);
    }

    /** As {@link #check(Path, String)}, for a config already read. */
    public static List<Problem> check(KernelConfig config, String expectedInitramfsSource) {
        List<Problem> errors = new ArrayList<>();
        requireBuiltIn(config, "EFI_STUB", "UEFI boots the kernel directly as BOOTX64.EFI", errors);
        requireBuiltIn(config, "BLK_DEV_INITRD", "the image's files are an initramfs", errors);
        String source = config.value("INITRAMFS_SOURCE").orElse("");
        if (!source.equals(expectedInitramfsSource)) {
            errors.add(at(config, "INITRAMFS_SOURCE", "CONFIG_INITRAMFS_SOURCE is \"" + source
                    + "\", expected \"" + expectedInitramfsSource + "\" (the initramfs this build swaps in)"));
        }
        if (!errors.isEmpty()) {
            throw new MlinException(errors);
        }
        return warnings(config);
    }

    /** The warnings alone, for a config that is not being built (e.g. a report on a defconfig). */
    public static List<Problem> warnings(KernelConfig config) {
        List<Problem> warnings = new ArrayList<>();
        for (String option : HYPERV_OPTIONS) {
            recommendBuiltIn(config, option, "Hyper-V guest support", warnings);
        }
        if (HYPERV_VIDEO_OPTIONS.stream().noneMatch(config::isBuiltIn)) {
            warnings.add(at(config, HYPERV_VIDEO_OPTIONS.get(0),
                    "neither CONFIG_FB_HYPERV nor CONFIG_DRM_HYPERV is built in (=y): no Hyper-V console video"));
        }
        for (String option : KSPP_ENABLED) {
            recommendBuiltIn(config, option, "recommended by the Kernel Self Protection Project", warnings);
        }
        for (String option : KSPP_DISABLED) {
            if (config.value(option).isPresent()) {
                warnings.add(at(config, option, "CONFIG_" + option + "=" + config.value(option).get()
                        + ": the Kernel Self Protection Project recommends turning it off"));
            }
        }
        return warnings;
    }

    private static void requireBuiltIn(KernelConfig config, String option, String why, List<Problem> errors) {
        if (!config.isBuiltIn(option)) {
            errors.add(at(config, option, "CONFIG_" + option + " must be y (" + why + "), found "
                    + describe(config, option)));
        }
    }

    private static void recommendBuiltIn(KernelConfig config, String option, String why, List<Problem> warnings) {
        if (!config.isBuiltIn(option)) {
            String hint = config.value(option).map("m"::equals).orElse(false)
                    ? " (as a module it must also be packed into the initramfs and loaded)"
                    : "";
            warnings.add(at(config, option, "CONFIG_" + option + " is " + describe(config, option)
                    + ", expected y: " + why + hint));
        }
    }

    private static String describe(KernelConfig config, String option) {
        if (config.lineOf(option) == 0) {
            return "absent";
        }
        return config.value(option).map(v -> "'" + v + "'").orElse("not set");
    }

    private static Problem at(KernelConfig config, String option, String message) {
        return Problem.at(config.file(), config.lineOf(option), message);
    }
}
