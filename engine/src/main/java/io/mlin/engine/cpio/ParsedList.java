package io.mlin.engine.cpio;

import io.mlin.engine.Problem;
import java.util.List;

/**
 * What {@link CpioListParser} made of one list: the lines that describe entries, in order, and
 * every problem found. A line with a problem is left out of {@code lines}.
 */
public record ParsedList(CpioList list, List<CpioLine> lines, List<Problem> problems) {

    public ParsedList {
        lines = List.copyOf(lines);
        problems = List.copyOf(problems);
    }

    /** True when the list has no problem. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
