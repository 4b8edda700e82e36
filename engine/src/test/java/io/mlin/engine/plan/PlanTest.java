package io.mlin.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mlin.engine.MlinException;
import io.mlin.engine.testsupport.Trees;
import io.mlin.engine.tree.Tree;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Images, build order and cpio list order of the upstream-style fixture tree. */
class PlanTest {
    private final Path root = Trees.fixture("upstream");
    private final Tree tree = Tree.load(root);
    private final Plan plan = Plan.of(tree);

    private List<String> lists(Plan.Image image) {
        return image.cpioLists().stream().map(l -> tree.display(l.file())).toList();
    }

    @Test
    void oneImagePerVariantAndOneForAFlavorWithout() {
        assertEquals(List.of("guest", "router/site-a", "router/site-b"), plan.images().stream().map(Plan.Image::name).toList());
        Plan.Image guest = plan.image("guest");
        assertNull(guest.variant());
        assertEquals("guest", guest.flavor().name());
        Plan.Image siteB = plan.image("router/site-b");
        assertEquals("site-b", siteB.variantName());
        assertEquals(root.resolve("router/site-b.var"), siteB.variant().varFile());
    }

    @Test
    void packagesDependenciesFirstDepthFirstInDepsOrder() {
        // router deps: footool, linux, busybox; footool: libfoo, base; libfoo: base; busybox: base
        assertEquals(List.of("base", "libfoo", "footool", "linux", "busybox"), plan.image("router/site-a").packageNames());
        assertEquals(List.of("base", "linux", "busybox"), plan.image("guest").packageNames());
    }

    @Test
    void kernel() {
        assertEquals("linux", plan.image("router/site-a").kernel().name());
        assertEquals("linux", plan.image("guest").kernel().name());
    }

    @Test
    void cpioListsEachOnceDependenciesFirstFlavorLast() {
        // base is reached three times and listed once, where Make's $^ first has it; linux adds no list
        assertEquals(List.of("_pkgs/base/cpio_list", "_pkgs/libfoo/cpio_list", "_pkgs/footool/cpio_list",
                "_pkgs/busybox/cpio_list", "router/cpio_list"), lists(plan.image("router/site-a")));
        assertEquals(List.of("_pkgs/base/cpio_list", "_pkgs/busybox/cpio_list", "guest/cpio_list"), lists(plan.image("guest")));
        Plan.ListRef last = plan.image("guest").cpioLists().get(2);
        assertNull(last.owner());
        assertEquals("base", plan.image("guest").cpioLists().get(0).owner().name());
    }

    @Test
    void aKernelPackagesOwnListIsNeverUsed(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        Path copy = io.mlin.engine.testsupport.Trees.copy("upstream", dir);
        java.nio.file.Files.writeString(copy.resolve("_pkgs/linux/cpio_list"), "dir /kernel-stuff 755 0 0\n");
        Tree t = Tree.load(copy);
        assertEquals(copy.resolve("_pkgs/linux/cpio_list"), t.packages().get("linux").cpioList());
        assertEquals(List.of("_pkgs/base/cpio_list", "_pkgs/busybox/cpio_list", "guest/cpio_list"),
                Plan.of(t).image("guest").cpioLists().stream().map(l -> t.display(l.file())).toList());
    }

    @Test
    void anUnknownImageNamesTheKnownOnes() {
        MlinException e = assertThrows(MlinException.class, () -> plan.image("router"));
        assertEquals("no image 'router' in " + root + ": expected one of guest, router/site-a, router/site-b", e.getMessage());
    }
}
