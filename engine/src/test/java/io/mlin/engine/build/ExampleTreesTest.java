package io.mlin.engine.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mlin.engine.plan.Plan;
import io.mlin.engine.tree.Package;
import io.mlin.engine.tree.RecipeKind;
import io.mlin.engine.tree.Tree;
import io.mlin.engine.vars.Variables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shipped example trees load, check clean and plan as their READMEs describe. */
class ExampleTreesTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @Test
    void offlineExample() {
        Path root = EXAMPLES.resolve("offline");
        assertEquals(List.of(), Tree.check(root));
        Plan plan = Plan.of(Tree.load(root));
        assertEquals(List.of("hello/alpha", "hello/beta"), plan.images().stream().map(Plan.Image::name).toList());
        Plan.Image alpha = plan.image("hello/alpha");
        assertEquals("linux", alpha.kernel().name());
        assertEquals(List.of("linux", "base", "busybox"), alpha.packageNames());
        assertEquals(List.of("base", "busybox", "<flavor>"), listOwners(alpha));
        assertEquals(RecipeKind.KERNEL, alpha.kernel().kind());
        assertTrue(alpha.kernel().recipe().url().startsWith("https://cdn.kernel.org/"));
    }

    @Test
    void routerExampleInMlinsUsualShape() {
        Path root = EXAMPLES.resolve("router");
        assertEquals(List.of(), Tree.check(root));
        Tree tree = Tree.load(root);
        Plan plan = Plan.of(tree);
        assertEquals(List.of("router/site-a", "router/site-b"), plan.images().stream().map(Plan.Image::name).toList());
        Plan.Image site = plan.image("router/site-a");
        assertEquals(List.of("linux", "base", "busybox", "libmnl", "libnftnl", "nftables"), site.packageNames());
        assertEquals(List.of("base", "busybox", "libmnl", "libnftnl", "nftables", "<flavor>"), listOwners(site));

        Package busybox = tree.findPackage("busybox").orElseThrow();
        assertEquals(RecipeKind.KCONFIG, busybox.kind());
        assertEquals("busybox-1.35.0", busybox.recipe().extractedFolderName());
        Package nft = tree.findPackage("nftables").orElseThrow();
        assertEquals(RecipeKind.CONFIGURE, nft.kind());
        List<String> flags = nft.recipe().flags().stream().map(w -> w.render(p -> "/build/" + p)).toList();
        assertTrue(flags.contains("LIBNFTNL_LIBS=-L/build/libnftnl/src/.libs -lnftnl"), flags.toString());
        assertTrue(flags.contains("--with-mini-gmp"), flags.toString());

        for (String variant : List.of("site-a", "site-b")) {
            Variables vars = Variables.fromFile(root.resolve("router").resolve(variant + ".var"));
            for (String name : List.of("HOSTNAME", "WAN_IP", "WAN_PREFIX", "WAN_GATEWAY", "LAN_IP", "LAN_PREFIX")) {
                assertTrue(vars.isDefined(name), variant + " must define " + name);
            }
        }
    }

    private static List<String> listOwners(Plan.Image image) {
        return image.cpioLists().stream().map(r -> r.isFlavorList() ? "<flavor>" : r.owner().name()).toList();
    }
}
