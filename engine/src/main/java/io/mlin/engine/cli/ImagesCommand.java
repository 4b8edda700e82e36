package io.mlin.engine.cli;

import io.mlin.engine.plan.Plan;
import io.mlin.engine.tree.Package;
import io.mlin.engine.tree.Tree;
import io.mlin.engine.util.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlin images}: the images a tree builds. */
@Command(
        name = "images",
        mixinStandardHelpOptions = true,
        headerHeading = "",
        header = "Lists the images of an MLin tree.",
        description = {
            "Lists the images of an MLin tree (flavor x variant), sorted by name:",
            "  NAME  kernel=PACKAGE  packages=A,B,C   (packages in build order)",
            "The tree is validated first; problems are printed as file:line: message (exit 1)."
        })
public final class ImagesCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TREE", description = "The MLin tree's folder.")
    Path tree;

    @Option(names = "--json", description = "Print a JSON array of {name, flavor, variant, kernel, packages, cpioLists}"
            + " (cpioLists relative to the tree, in archive order).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Plan plan = Plan.of(Tree.load(tree));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(plan)));
        } else {
            for (Plan.Image image : plan.images()) {
                out.println(image.name() + "  kernel=" + image.kernel().name() + "  packages="
                        + image.packages().stream().map(Package::name).collect(Collectors.joining(",")));
            }
        }
        out.flush();
        return 0;
    }

    static List<Map<String, Object>> toJson(Plan plan) {
        List<Map<String, Object>> images = new ArrayList<>();
        for (Plan.Image image : plan.images()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", image.name());
            o.put("flavor", image.flavor().name());
            o.put("variant", image.variantName());
            o.put("kernel", image.kernel().name());
            o.put("packages", image.packageNames());
            o.put("cpioLists", image.cpioLists().stream().map(l -> plan.tree().display(l.file())).toList());
            images.add(o);
        }
        return images;
    }
}
