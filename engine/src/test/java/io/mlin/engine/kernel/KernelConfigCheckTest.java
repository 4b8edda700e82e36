package io.mlin.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel config check on .config fixtures (src/test/resources/kernel). */
class KernelConfigCheckTest {
    private static final String OURS = "/build/obj/initramfs.cpio";

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(KernelConfigCheckTest.class.getResource("/kernel/" + name).toURI());
    }

    @Test
    void aCompleteHardenedHyperVConfigPassesWithoutWarnings() throws Exception {
        assertEquals(List.of(), KernelConfigCheck.check(fixture("good.config"), OURS));
    }

    @Test
    void everyErrorIsReportedAtOnceNamingTheFileLineAndOption() throws Exception {
        Path config = fixture("broken.config");
        MlinException e = assertThrows(MlinException.class, () -> KernelConfigCheck.check(config, OURS));
        List<Problem> problems = e.problems();
        assertEquals(3, problems.size(), e.getMessage());
        problems.forEach(p -> assertEquals(config, p.file()));
        assertEquals(new Problem(config, 0, problems.get(0).message()), problems.get(0));
        assertTrue(problems.get(0).message().startsWith("CONFIG_EFI_STUB must be y"), problems.get(0).message());
        assertTrue(problems.get(0).message().contains("absent"), problems.get(0).message());
        assertEquals(5, problems.get(1).line());
        assertTrue(problems.get(1).message().contains("CONFIG_BLK_DEV_INITRD must be y")
                && problems.get(1).message().contains("not set"), problems.get(1).message());
        assertEquals(6, problems.get(2).line());
        assertTrue(problems.get(2).message().contains("\"../initramfs.cpio\"")
                && problems.get(2).message().contains("\"" + OURS + "\""), problems.get(2).message());
        assertTrue(e.getMessage().contains(config + ":6: CONFIG_INITRAMFS_SOURCE"), e.getMessage());
    }

    @Test
    void anotherInitramfsPathIsAnErrorEvenWhenEverythingElseIsRight() throws Exception {
        MlinException e = assertThrows(MlinException.class,
                () -> KernelConfigCheck.check(fixture("good.config"), "/elsewhere/initramfs.cpio"));
        assertEquals(1, e.problems().size());
        assertEquals(7, e.problems().get(0).line());
    }

    @Test
    void missingHyperVDriversAndHardeningAreWarningsWithTheirLines() throws Exception {
        Path config = fixture("weak.config");
        List<Problem> warnings = KernelConfigCheck.check(config, OURS);
        String all = warnings.stream().map(Problem::toString).collect(Collectors.joining("\n"));
        assertEquals(List.of(10, 14, 17, 24), warnings.stream().map(Problem::line).toList(), all);
        assertTrue(warnings.get(0).message().startsWith("CONFIG_HYPERV_NET is 'm'")
                && warnings.get(0).message().contains("module"), all);
        assertTrue(warnings.get(1).message().contains("FB_HYPERV") && warnings.get(1).message().contains("DRM_HYPERV"), all);
        assertTrue(warnings.get(2).message().startsWith("CONFIG_RANDOMIZE_BASE is not set"), all);
        assertTrue(warnings.get(3).message().startsWith("CONFIG_DEVMEM=y"), all);
    }

    @Test
    void aConfigWithoutAnyHyperVOrHardeningWarnsForEachRecommendation(@TempDir Path dir) throws Exception {
        Path config = dir.resolve(".config");
        Files.writeString(config, "CONFIG_EFI_STUB=y\nCONFIG_BLK_DEV_INITRD=y\nCONFIG_INITRAMFS_SOURCE=\"" + OURS + "\"\n",
                StandardCharsets.UTF_8);
        List<Problem> warnings = KernelConfigCheck.check(config, OURS);
        int expected = KernelConfigCheck.HYPERV_OPTIONS.size() + 1 + KernelConfigCheck.KSPP_ENABLED.size();
        assertEquals(expected, warnings.size(), warnings.toString());
        warnings.forEach(w -> assertEquals(0, w.line()));
        assertTrue(warnings.stream().allMatch(w -> w.message().contains("absent") || w.message().contains("neither")));
    }

    @Test
    void aLineThatIsNoConfigSyntaxIsAnErrorWithItsLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve(".config");
        Files.writeString(config, "CONFIG_EFI_STUB=y\nEFI_STUB y\n\n# a comment\nCONFIG_X\n", StandardCharsets.UTF_8);
        MlinException e = assertThrows(MlinException.class, () -> KernelConfig.read(config));
        assertEquals(List.of(2, 5), e.problems().stream().map(Problem::line).toList(), e.getMessage());
    }

    @Test
    void stringValuesAreUnescapedAndTheLastAssignmentWins(@TempDir Path dir) throws Exception {
        Path config = dir.resolve(".config");
        Files.writeString(config, "CONFIG_CMDLINE=\"first\"\nCONFIG_CMDLINE=\"say \\\"hi\\\" \\\\ bye\"\n",
                StandardCharsets.UTF_8);
        KernelConfig read = KernelConfig.read(config);
        assertEquals("say \"hi\" \\ bye", read.value("CMDLINE").orElseThrow());
        assertEquals(2, read.lineOf("CMDLINE"));
    }
}
