package io.jenkins.plugins.mlin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.AbortException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent-side path rules, on a real file system: what stays in the workspace is accepted,
 * every way out ({@code ..}, absolute paths, symbolic links) is refused, and the only absolute
 * location accepted for variables is the workspace's {@code @tmp} folder.
 */
class WorkspaceFilesTest {
    @TempDir
    Path base;

    private Path workspace;
    private Path temp;
    private WorkspaceFiles files;

    @BeforeEach
    void layOut() throws Exception {
        workspace = Files.createDirectories(base.resolve("job"));
        temp = Files.createDirectories(base.resolve("job@tmp"));
        Files.createDirectories(workspace.resolve("tree/guest"));
        Files.writeString(base.resolve("outside.var"), "ID=1\n");
        files = new WorkspaceFiles(workspace, temp.toString());
    }

    @Test
    void acceptsPathsInsideTheWorkspace() throws Exception {
        assertEquals(workspace.toRealPath().resolve("tree"), files.existing("tree", "tree"));
        assertEquals(workspace.toRealPath().resolve("tree"), files.existing("tree/guest/..", "tree"));
        Path output = files.output("mlin-out/guest-site-a.cpio", "output");
        assertTrue(Files.isDirectory(output.getParent()), "the output folder is created");
        assertEquals(
                "mlin-out/guest-site-a.cpio",
                workspace.toRealPath().relativize(output).toString());
    }

    @Test
    void refusesEveryWayOut() throws Exception {
        assertEquals(
                "tree '../outside.var' leaves the workspace",
                assertThrows(AbortException.class, () -> files.existing("../outside.var", "tree"))
                        .getMessage());
        assertEquals(
                "output '/tmp/x.cpio' must be relative to the workspace",
                assertThrows(AbortException.class, () -> files.output("/tmp/x.cpio", "output"))
                        .getMessage());
        assertEquals(
                "tree 'missing' does not exist in the workspace",
                assertThrows(AbortException.class, () -> files.existing("missing", "tree"))
                        .getMessage());

        Files.createSymbolicLink(workspace.resolve("escape"), base);
        AbortException viaLink =
                assertThrows(AbortException.class, () -> files.existing("escape/outside.var", "varsFile"));
        assertTrue(viaLink.getMessage().contains("resolves outside the workspace"), viaLink.getMessage());
        AbortException writeViaLink = assertThrows(AbortException.class, () -> files.output("escape/x.cpio", "output"));
        assertTrue(writeViaLink.getMessage().contains("resolves outside the workspace"), writeViaLink.getMessage());
        assertThrows(AbortException.class, () -> files.output("escape/new/deeper/x.cpio", "output"));
        assertTrue(Files.notExists(base.resolve("new")), "no folder was created outside the workspace");

        Files.createSymbolicLink(workspace.resolve("link.cpio"), base.resolve("target.cpio"));
        AbortException throughLink = assertThrows(AbortException.class, () -> files.output("link.cpio", "output"));
        assertTrue(throughLink.getMessage().contains("symbolic link"), throughLink.getMessage());
    }

    @Test
    void variablesMayComeFromTheWorkspaceTemporaryFolderOnly() throws Exception {
        Path secret = Files.createDirectories(temp.resolve("secretFiles/1234")).resolve("site-a.var");
        Files.writeString(secret, "ID=7\n");
        assertEquals(secret, files.variables(secret.toString(), "varsFile"));

        Files.writeString(workspace.resolve("site-b.var"), "ID=8\n");
        assertEquals(workspace.toRealPath().resolve("site-b.var"), files.variables("site-b.var", "varsFile"));

        AbortException elsewhere = assertThrows(
                AbortException.class,
                () -> files.variables(base.resolve("outside.var").toString(), "varsFile"));
        assertTrue(elsewhere.getMessage().contains("is outside the workspace"), elsewhere.getMessage());

        // A link from the temporary folder to elsewhere is judged by where it points.
        Files.createSymbolicLink(temp.resolve("sneaky.var"), base.resolve("outside.var"));
        assertThrows(
                AbortException.class,
                () -> files.variables(temp.resolve("sneaky.var").toString(), "varsFile"));
    }

    @Test
    void defaultNamesAndVolumeIds() {
        assertEquals("mlin-out/guest-site-a.iso", Outputs.isoFor("mlin-out/guest-site-a.bzImage"));
        assertEquals("mlin-out/bzImage.iso", Outputs.isoFor("kernels/bzImage"));
        assertEquals("GUEST_SITE_A", Outputs.volumeIdFor("mlin-out/guest-site-a.iso"));
        assertEquals(
                "A234567890123456789012345678901X", Outputs.volumeIdFor("a234567890123456789012345678901x-tail.iso"));
        assertEquals(
                java.util.List.of("guest/site-a", "guest/site-b", "edge"),
                Outputs.imageNames(" guest/site-a,guest/site-b  edge "));
        assertEquals(java.util.List.of(), Outputs.imageNames("  "));
    }

    @Test
    void variablesSpecNeverShowsValues() throws Exception {
        VariablesSpec spec = VariablesSpec.choose(java.util.Map.of("PASSWORD", "hunter2"), null, null);
        assertEquals("1 variable(s) given in the Pipeline (values not shown)", spec.toString());
        assertThrows(AbortException.class, () -> VariablesSpec.choose(java.util.Map.of("A", "b"), "x.var", null));
    }
}
