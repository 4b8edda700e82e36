package io.mlin.engine.iso;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.testsupport.HostTools;
import io.mlin.engine.testsupport.RedirectedProcesses;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UEFI firmware (OVMF under QEMU, no KVM needed) finds and runs {@code \EFI\BOOT\BOOTX64.EFI} from
 * our ISO: a FAT12 image, a FAT16 image, and one too big for a 16-bit El Torito sector count (where
 * genisoimage's ISO fails with "Not Found"). The payload is a tiny EFI application padded with
 * zeros to the size under test; it prints a marker and powers the VM off.
 */
class OvmfBootTest {

    @ParameterizedTest(name = "payload padded to {0} bytes")
    @ValueSource(longs = {0, 3L * 1024 * 1024, 40L * 1024 * 1024})
    void ovmfRunsTheEfiApplicationFromTheIso(long paddedSize) throws Exception {
        HostTools.require("qemu-system-x86_64", "qemu-system-x86");
        Path firmware = HostTools.requireFile(Path.of("/usr/share/ovmf/OVMF.fd"), "ovmf");
        Path dir = TestKernels.workDir("ovmf-" + paddedSize);
        Path payload = dir.resolve("BOOTX64.EFI");
        try (OutputStream out = Files.newOutputStream(payload)) {
            byte[] app = TinyEfiApp.image();
            out.write(app);
            // zeros after the last section are ignored by the PE loader: they only make the file big
            IsoStreams.writeZeros(out, Math.max(0, paddedSize - app.length));
        }
        Path iso = dir.resolve("boot.iso");
        IsoSummary summary = IsoWriter.write(payload, iso, new IsoOptions("OVMF_TEST", 0));

        Path vars = Files.copy(firmware, dir.resolve("OVMF.fd")); // firmware may write its variable store
        var run = RedirectedProcesses.run(dir, List.of("timeout", "240", "qemu-system-x86_64",
                "-machine", "q35", "-m", "256", "-bios", vars.toString(), "-cdrom", iso.toString(),
                "-display", "none", "-serial", "stdio", "-monitor", "none", "-net", "none", "-no-reboot"), 300);
        String console = run.stdout() + run.stderr();
        assertTrue(console.contains(TinyEfiApp.MARKER), summary + ": the firmware did not run BOOTX64.EFI; console:\n"
                + tail(console));
        TestKernels.workDir("ovmf-" + paddedSize); // passed: drop the big payload, ISO and firmware copy
    }

    private static String tail(String text) {
        String clean = text.replaceAll("\u001B\\[[0-9;=?]*[A-Za-z]", "");
        return clean.length() > 3000 ? clean.substring(clean.length() - 3000) : clean;
    }

}
