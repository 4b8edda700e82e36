package io.mlin.engine;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Bad input or a failed step. Carries every problem found, so a user fixes a tree in one pass
 * instead of one error per run.
 */
public class MlinException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<Problem> problems;

    public MlinException(String message) {
        super(message);
        this.problems = List.of(new Problem(null, 0, message));
    }

    public MlinException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(new Problem(null, 0, message));
    }

    public MlinException(Problem problem) {
        super(problem.toString());
        this.problems = List.of(problem);
    }

    public MlinException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an MlinException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
