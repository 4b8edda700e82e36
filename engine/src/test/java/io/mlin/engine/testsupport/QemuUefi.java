package io.mlin.engine.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Boots an ISO the way a Hyper-V Gen2 VM would, as far as QEMU can: a q35 machine with OVMF
 * (UEFI, Secure Boot off), the ISO in the DVD drive, TCG (KVM does not work with OVMF here).
 * The serial console goes to a file; the boot succeeds when a marker line appears. QEMU is
 * killed in every case.
 */
public final class QemuUefi {
    /** OVMF as one read-only firmware image: what {@code -bios} needs. */
    public static final Path OVMF = Path.of("/usr/share/ovmf/OVMF.fd");
    private static final int TAIL_LINES = 40;

    private QemuUefi() {
    }

    /**
     * What a boot showed.
     *
     * @param markerSeen whether a console line contained the marker
     * @param failureSeen the first failure marker the console showed, null for none
     * @param exitedByItself whether QEMU exited on its own (the guest powered off) rather than being killed
     * @param seconds how long it ran
     * @param console the whole serial console output
     * @param consoleLog the file holding it
     */
    public record Boot(boolean markerSeen, String failureSeen, boolean exitedByItself, double seconds, String console, Path consoleLog) {
        /** The last lines of the console, for assertion messages. */
        public String tail() {
            List<String> lines = console.lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        }

        /** A failure message with the console tail. */
        public String describe(String what) {
            return what + " (after " + String.format("%.0f", seconds) + " s, QEMU "
                    + (exitedByItself ? "exited by itself" : "killed") + "); console " + consoleLog
                    + ", last lines:\n" + tail();
        }
    }

    /**
     * Boots {@code iso} until a console line contains {@code marker} and QEMU exits by itself (the
     * guest powers off), until the console shows one of {@code failureMarkers} (e.g. the firmware
     * giving up), or until {@code timeout}. After the marker QEMU gets a few more seconds to power off.
     */
    public static Boot boot(Path iso, String marker, List<String> failureMarkers, Duration timeout, Path consoleLog)
            throws IOException, InterruptedException {
        Path qemu = HostTools.require("qemu-system-x86_64", "qemu-system-x86");
        HostTools.requireFile(OVMF, "ovmf");
        Files.createDirectories(consoleLog.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(qemu.toString(), "-machine", "q35", "-m", "1024", "-nographic",
                "-no-reboot", "-bios", OVMF.toString(), "-cdrom", iso.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(consoleLog.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Process process = pb.start();
        boolean seen = false;
        boolean exited = false;
        String failure = null;
        try {
            while (System.nanoTime() < deadline) {
                if (process.waitFor(500, TimeUnit.MILLISECONDS)) {
                    exited = true;
                    break;
                }
                String console = Files.readString(consoleLog, StandardCharsets.ISO_8859_1);
                failure = failureMarkers.stream().filter(console::contains).findFirst().orElse(null);
                if (failure != null) {
                    break;
                }
                if (!seen && console.contains(marker)) {
                    seen = true;
                    // The guest powers off right after the marker; give it a moment, not the whole timeout.
                    deadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
                }
            }
        } finally {
            if (!exited) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        String console = Files.readString(consoleLog, StandardCharsets.ISO_8859_1);
        seen = console.lines().anyMatch(l -> l.contains(marker));
        if (failure == null) {
            failure = failureMarkers.stream().filter(console::contains).findFirst().orElse(null);
        }
        return new Boot(seen, failure, exited, (System.nanoTime() - start) / 1e9, console, consoleLog);
    }
}
