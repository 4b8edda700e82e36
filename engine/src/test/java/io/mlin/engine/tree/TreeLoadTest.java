package io.mlin.engine.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.testsupport.Trees;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The upstream-style fixture tree, read into the model. */
class TreeLoadTest {
    private final Path root = Trees.fixture("upstream");
    private final Tree tree = Tree.load(root);

    @Test
    void packagesWithTheirRecipeKinds() {
        assertEquals(List.of("base", "busybox", "footool", "libfoo", "linux"), List.copyOf(tree.packages().keySet()));
        Map<String, Package> p = tree.packages();
        assertEquals(RecipeKind.SOURCE, p.get("base").kind());
        assertEquals(RecipeKind.KCONFIG, p.get("busybox").kind());
        assertEquals(RecipeKind.CONFIGURE, p.get("footool").kind());
        assertEquals(RecipeKind.CONFIGURE, p.get("libfoo").kind());
        assertEquals(RecipeKind.KERNEL, p.get("linux").kind());
    }

    @Test
    void filesEachKindNeeds() {
        Package busybox = tree.packages().get("busybox");
        assertEquals(root.resolve("_pkgs/busybox/config"), busybox.config());
        assertEquals(root.resolve("_pkgs/busybox/cpio_list"), busybox.cpioList());
        assertNull(busybox.defconfig());
        Package linux = tree.packages().get("linux");
        assertEquals(root.resolve("_pkgs/linux/defconfig"), linux.defconfig());
        assertNull(linux.cpioList());
        assertEquals(root.resolve("_pkgs/base"), tree.packages().get("base").folder());
    }

    @Test
    void multiLineRecipeWithTabs() {
        Recipe r = tree.packages().get("busybox").recipe();
        assertEquals("https://busybox.net/downloads/busybox-1.36.1.tar.bz2", r.url());
        assertEquals("b8cc24c9574d809e7279c3be349795c5d5ceb6fdf19ca709f80cde50e47de314", r.sha256());
        assertEquals(root.resolve("_pkgs/busybox/Makefile"), r.makefile());
        assertEquals(1, r.line());
    }

    @Test
    void configureFlagsAsShellWordsWithPackageReferences() {
        Recipe r = tree.packages().get("footool").recipe();
        assertEquals(2, r.line(), "the call starts after the comment line");
        assertEquals("footool-0.9", r.extractedFolderName());
        assertEquals(List.of(
                "--disable-debug",
                "--with-separators=a,b",
                "FOO_CFLAGS=-I${libfoo}/include",
                "FOO_LIBS=-L${libfoo}/src/.libs -lfoo",
                "MOTTO=tiny router",
                "PRICE=$5"), r.flags().stream().map(FlagWord::toString).toList());
        assertEquals("FOO_LIBS=-L/work/obj/libfoo/src/.libs -lfoo",
                r.flags().get(3).render(name -> "/work/obj/" + name));
        assertEquals(List.of("libfoo"), List.copyOf(r.flags().get(2).referencedPackages()));

        Recipe single = tree.packages().get("libfoo").recipe();
        assertEquals(List.of("--disable-shared", "--enable-static"), single.flags().stream().map(FlagWord::toString).toList());
    }

    @Test
    void depsInFileOrder() {
        assertEquals(List.of("libfoo", "base"), tree.packages().get("footool").depNames());
        Dependency d = tree.packages().get("footool").deps().get(1);
        assertEquals(root.resolve("_pkgs/footool/deps"), d.file());
        assertEquals(2, d.line());
        assertEquals(List.of(), tree.packages().get("linux").deps());
    }

    @Test
    void flavorsAndSortedVariants() {
        assertEquals(List.of("guest", "router"), tree.flavors().stream().map(Flavor::name).toList());
        Flavor router = tree.findFlavor("router").orElseThrow();
        assertEquals(List.of("footool", "linux", "busybox"), router.depNames());
        assertEquals(root.resolve("router/cpio_list"), router.cpioList());
        assertEquals(List.of("site-a", "site-b"), router.variants().stream().map(Variant::name).toList());
        assertEquals(root.resolve("router/site-a.var"), router.variants().get(0).varFile());
        assertTrue(tree.findFlavor("guest").orElseThrow().variants().isEmpty());
        assertTrue(tree.findFlavor("_pkgs").isEmpty());
    }

    @Test
    void displayIsRelativeToTheRoot() {
        assertEquals("_pkgs/base/cpio_list", tree.display(root.resolve("_pkgs/base/cpio_list")));
    }
}
