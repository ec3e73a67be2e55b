package io.recall.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used, with every problem found in it (not just the first).
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    /** An exception for what was being loaded and its problems; there is at least one. */
    public ConfigException(String what, List<ConfigProblem> problems) {
        super(message(what, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    private static String message(String what, List<ConfigProblem> problems) {
        return "invalid " + what + " (" + problems.size() + (problems.size() == 1 ? " problem" : " problems") + "):\n  "
                + problems.stream().map(ConfigProblem::message).collect(Collectors.joining("\n  "));
    }

    /** Every problem, in the order found. */
    public List<ConfigProblem> problems() {
        return problems;
    }
}
