package io.mlin.engine.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.testsupport.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken fixture trees: every problem at once, each with its file and line. */
class TreeValidationTest {

    /** One expected problem: the file relative to the tree, the line, and the start of the message. */
    private record Expected(String file, int line, String messageStart) {
        boolean matches(Path root, Problem p) {
            return p.file() != null && root.relativize(p.file()).toString().equals(file) && p.line() == line
                    && p.message().startsWith(messageStart);
        }
    }

    private static void assertProblems(Path root, List<Problem> actual, List<Expected> expected) {
        String listing = actual.stream().map(Problem::toString).collect(Collectors.joining("\n"));
        for (Expected e : expected) {
            assertTrue(actual.stream().anyMatch(p -> e.matches(root, p)), "missing " + e + " in:\n" + listing);
        }
        assertEquals(expected.size(), actual.size(), "unexpected problems in:\n" + listing);
    }

    @Test
    void aTreeWithManyProblemsReportsAllOfThem() {
        Path root = Trees.fixture("broken-recipes");
        List<Problem> problems = TreeLoader.check(root);
        assertProblems(root, problems, List.of(
                new Expected("_pkgs/unknowncall/Makefile", 1, "unknown recipe 'autotools-package': expected source-package,"),
                new Expected("_pkgs/argcount/Makefile", 2, "kconfig-package takes 2 arguments, found 1: expected $(call kconfig-package, URL, SHA256)"),
                new Expected("_pkgs/argcount/deps", 2, "unknown package 'nosuchpkg': expected the name of a folder in _pkgs (known: argcount,"),
                new Expected("_pkgs/badsha/Makefile", 1, "malformed sha256 '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde': expected 64 lower-case hex digits"),
                new Expected("_pkgs/badsha/cpio_list", 2, ""),
                new Expected("_pkgs/badurl/Makefile", 1, "malformed URL 'ftp://example.org/w-1.tar.gz': expected an http://, https:// or file: URL"),
                new Expected("_pkgs/notarball/Makefile", 1, "URL 'https://example.org/v-1.zip' does not name a tarball: expected"),
                new Expected("_pkgs/badref/Makefile", 1, "FLAGS refer to $${nosuch}, which is no package"),
                new Expected("_pkgs/noconfig/Makefile", 1, "kconfig-package 'noconfig' has no 'config' file"),
                new Expected("_pkgs/kernel/Makefile", 2, "kernel-package 'kernel' has no 'defconfig' file"),
                new Expected("app/cpio_list", 2, ""),
                new Expected("app/site.var", 2, "expected NAME=value with NAME matching [A-Z][_A-Z0-9]*"),
                new Expected("app/site.var", 3, "expected NAME=value with NAME matching [A-Z][_A-Z0-9]*")));
        // A bad variable line may hold a secret: it is never echoed.
        assertFalse(problems.stream().anyMatch(p -> p.toString().contains("secret-in-bad-line")));
    }

    @Test
    void loadThrowsWithEveryProblem() {
        Path root = Trees.fixture("broken-recipes");
        MlinException e = assertThrows(MlinException.class, () -> Tree.load(root));
        assertEquals(TreeLoader.check(root), e.problems());
    }

    @Test
    void cyclesAndKernelCounts() {
        Path root = Trees.fixture("broken-graph");
        assertProblems(root, TreeLoader.check(root), List.of(
                new Expected("_pkgs/c/deps", 1, "dependency cycle: a -> b -> c -> a"),
                new Expected("nokernel/deps", 0, "flavor 'nokernel' reaches no kernel package"),
                new Expected("twokernels/deps", 0, "flavor 'twokernels' reaches 2 kernel packages (k1, k2): expected exactly one")));
    }

    @Test
    void aPackageNeedingItselfIsACycleOfOne(@TempDir Path dir) throws IOException {
        Path root = Trees.copy("upstream", dir);
        Files.writeString(root.resolve("_pkgs/libfoo/deps"), "base\nlibfoo\n");
        assertProblems(root, TreeLoader.check(root), List.of(
                new Expected("_pkgs/libfoo/deps", 2, "dependency cycle: libfoo -> libfoo")));
    }

    @Test
    void aFlagsReferenceMustBeADependency(@TempDir Path dir) throws IOException {
        Path root = Trees.copy("upstream", dir);
        Files.writeString(root.resolve("_pkgs/footool/deps"), "base\n");
        assertProblems(root, TreeLoader.check(root), List.of(new Expected("_pkgs/footool/Makefile", 2,
                "FLAGS refer to $${libfoo}, which is not among the dependencies of 'footool': expected libfoo in _pkgs/footool/deps")));
        // through a dependency is enough
        Files.writeString(root.resolve("_pkgs/footool/deps"), "middle\n");
        Files.createDirectories(root.resolve("_pkgs/middle"));
        Files.writeString(root.resolve("_pkgs/middle/Makefile"), "$(call source-package)\n");
        Files.writeString(root.resolve("_pkgs/middle/cpio_list"), "");
        Files.writeString(root.resolve("_pkgs/middle/deps"), "libfoo\n");
        assertEquals(List.of(), TreeLoader.check(root));
    }

    @Test
    void hiddenVarFilesAreNoVariants(@TempDir Path dir) throws IOException {
        Path root = Trees.copy("upstream", dir);
        Files.writeString(root.resolve("router/.old.var"), "not a variable file\n");
        assertEquals(List.of(), TreeLoader.check(root));
        assertEquals(2, Tree.load(root).findFlavor("router").orElseThrow().variants().size());
    }

    @Test
    void aFolderWithoutFlavorsOrPackagesIsNoTree(@TempDir Path dir) throws IOException {
        assertProblems(dir, TreeLoader.check(dir), List.of(new Expected("", 0, "no flavor: expected a top-level folder with a cpio_list")));
        Path missing = dir.resolve("missing");
        List<Problem> problems = TreeLoader.check(missing);
        assertEquals(1, problems.size());
        assertEquals(missing, problems.get(0).file());
        assertTrue(problems.get(0).message().startsWith("not a folder"));
    }

    @Test
    void packagesNeedAMakefileAndAList(@TempDir Path dir) throws IOException {
        Path root = Trees.copy("upstream", dir);
        Files.delete(root.resolve("_pkgs/base/Makefile"));
        Files.delete(root.resolve("_pkgs/libfoo/cpio_list"));
        assertProblems(root, TreeLoader.check(root), List.of(
                new Expected("_pkgs/base/Makefile", 0, "missing: expected the package's recipe"),
                new Expected("_pkgs/libfoo/Makefile", 1, "configure-package 'libfoo' has no 'cpio_list'")));
    }
}
