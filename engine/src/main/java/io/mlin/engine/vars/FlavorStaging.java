package io.mlin.engine.vars;

import io.mlin.engine.MlinException;
import io.mlin.engine.Problem;
import io.mlin.engine.cpio.CpioLine;
import io.mlin.engine.cpio.CpioType;
import io.mlin.engine.cpio.ParsedList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a variant's copy of the flavor folder: every file the flavor's own list takes from it
 * (relative locations) is substituted into the staging folder at the same relative path, so the
 * list can then be read with the staging folder as its base. Absolute locations are host files and
 * are left alone, as in MLin.
 */
public final class FlavorStaging {
    private FlavorStaging() {
    }

    /**
     * Substitutes the files that {@code flavorList} takes from {@code flavorFolder} into
     * {@code stagingDir}.
     *
     * @return how many files were staged
     * @throws MlinException with every undefined variable of every file, and every location that
     *     is missing or leaves the flavor folder
     */
    public static int stage(ParsedList flavorList, Path flavorFolder, Variables vars, Path stagingDir) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Set<Path> done = new HashSet<>();
        Path base = stagingDir.toAbsolutePath().normalize();
        for (CpioLine line : flavorList.lines()) {
            if (line.type() != CpioType.FILE || line.location().startsWith("/")) {
                continue;
            }
            Path target = base.resolve(line.location()).normalize();
            Path source = flavorFolder.resolve(line.location());
            if (!target.startsWith(base) || target.equals(base)) {
                problems.add(Problem.at(flavorList.list().file(), line.lineNumber(), "location '" + line.location()
                        + "' leaves the flavor folder: expected a file inside " + flavorFolder));
                continue;
            }
            if (!done.add(target)) {
                continue;
            }
            if (!Files.isRegularFile(source)) {
                problems.add(Problem.at(flavorList.list().file(), line.lineNumber(), "file '" + line.location()
                        + "' not found: expected it in the flavor folder " + flavorFolder));
                continue;
            }
            Files.createDirectories(target.getParent());
            TagSubstitution.copy(source, target, vars, problems);
        }
        if (!problems.isEmpty()) {
            throw new MlinException(problems);
        }
        return done.size();
    }
}
