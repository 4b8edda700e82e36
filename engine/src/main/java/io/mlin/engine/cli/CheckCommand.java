package io.mlin.engine.cli;

import io.mlin.engine.Problem;
import io.mlin.engine.plan.Plan;
import io.mlin.engine.tree.Tree;
import io.mlin.engine.tree.TreeLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlin check}: every problem of a tree at once. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        headerHeading = "",
        header = "Validates an MLin tree and prints every problem.",
        description = {
            "Validates an MLin tree and prints every problem as file:line: message (exit 1),",
            "or 'ok: N packages, M flavors, K images' (exit 0). Nothing is downloaded or built."
        })
public final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "TREE", description = "The MLin tree's folder.")
    Path tree;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Problem> problems = TreeLoader.check(tree);
        if (!problems.isEmpty()) {
            PrintWriter err = spec.commandLine().getOut();
            problems.forEach(err::println);
            err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
            err.flush();
            return 1;
        }
        Tree loaded = Tree.load(tree);
        Plan plan = Plan.of(loaded);
        PrintWriter out = spec.commandLine().getOut();
        out.println("ok: " + loaded.packages().size() + " packages, " + loaded.flavors().size() + " flavors, "
                + plan.images().size() + " images");
        out.flush();
        return 0;
    }
}
