package io.mlin.engine.plan;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.cache.FileTrees;
import io.mlin.engine.cpio.CpioLine;
import io.mlin.engine.cpio.CpioList;
import io.mlin.engine.cpio.CpioListParser;
import io.mlin.engine.cpio.CpioOptions;
import io.mlin.engine.cpio.CpioSummary;
import io.mlin.engine.cpio.CpioType;
import io.mlin.engine.cpio.InitramfsWriter;
import io.mlin.engine.cpio.ParsedList;
import io.mlin.engine.tree.Package;
import io.mlin.engine.vars.FlavorStaging;
import io.mlin.engine.vars.Variables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes the initramfs of one image: the lists of its packages, then the flavor's own list, into
 * one archive. With variables, the files the flavor list takes from the flavor folder are
 * substituted into a staging folder first and the list is read against it.
 */
public final class ImageInitramfs {
    private ImageInitramfs() {
    }

    /**
     * Writes {@code image}'s initramfs to {@code output} (atomically).
     *
     * @param vars    the values for {@code <NAME>} tags; {@code null} means the variant's own
     *                {@code .var} file, or no substitution at all for an image without a variant
     *                (as MLin does)
     * @param folders where each package's relative list locations resolve
     * @throws MlinException with every problem found (packages not built, undefined variables, list
     *     and source problems); nothing is written then
     */
    public static CpioSummary write(Plan.Image image, Variables vars, Path output, CpioOptions options,
            PackageFolders folders) throws IOException {
        Variables values = vars;
        if (values == null && image.variant() != null) {
            values = Variables.fromFile(image.variant().varFile());
        }
        List<Problem> problems = new ArrayList<>();
        List<CpioList> lists = new ArrayList<>();
        for (Plan.ListRef ref : image.cpioLists()) {
            if (!ref.isFlavorList()) {
                CpioList list = packageList(ref.owner(), options, folders, problems);
                if (list != null) {
                    lists.add(list);
                }
            }
        }
        Path staging = null;
        try {
            Path flavorList = image.flavor().cpioList();
            if (values == null) {
                lists.add(new CpioList(flavorList, image.flavor().folder()));
            } else {
                staging = createStaging(output);
                ParsedList parsed = CpioListParser.parse(new CpioList(flavorList, image.flavor().folder()),
                        options.environment());
                problems.addAll(parsed.problems());
                try {
                    FlavorStaging.stage(parsed, image.flavor().folder(), values, staging);
                } catch (MlinException e) {
                    problems.addAll(e.problems());
                }
                lists.add(new CpioList(flavorList, staging));
            }
            if (!problems.isEmpty()) {
                throw new MlinException(problems);
            }
            return InitramfsWriter.write(lists, output, options);
        } finally {
            if (staging != null) {
                FileTrees.deleteRecursively(staging);
            }
        }
    }

    /** The package's list with its base folder, or null after a problem when it needs an unbuilt folder. */
    private static CpioList packageList(Package pkg, CpioOptions options, PackageFolders folders,
            List<Problem> problems) throws IOException {
        Optional<Path> folder = folders.folderOf(pkg);
        if (folder.isPresent()) {
            return new CpioList(pkg.cpioList(), folder.get());
        }
        // Not built: fine as long as the list takes nothing from the build folder.
        ParsedList parsed = CpioListParser.parse(CpioList.of(pkg.cpioList()), options.environment());
        for (CpioLine line : parsed.lines()) {
            if (line.type() == CpioType.FILE && !line.location().startsWith("/")) {
                problems.add(Problem.at(pkg.cpioList(), line.lineNumber(), "package '" + pkg.name() + "' ("
                        + pkg.kind().makeName() + ") is not built: its cpio_list takes '" + line.location()
                        + "' from the build folder; build the package first"));
                return null;
            }
        }
        return new CpioList(pkg.cpioList(), pkg.folder());
    }

    private static Path createStaging(Path output) throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempDirectory(dir, "." + output.getFileName() + ".staging-");
    }

}
