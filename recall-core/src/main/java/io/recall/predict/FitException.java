package io.recall.predict;

import java.util.Optional;

/**
 * A model could not be fitted to the data it was given: the optimiser did not converge, a parameter ran
 * off to 0 or infinity, or the likelihood is flat in some direction (the data do not identify the
 * model). The message says which. An {@link IllegalArgumentException}: the data are the argument at fault.
 */
public final class FitException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient FitReport lastAttempt;

    FitException(String message, FitReport lastAttempt) {
        super(message);
        this.lastAttempt = lastAttempt;
    }

    /** The optimiser's state when it gave up, when it got that far. */
    public Optional<FitReport> lastAttempt() {
        return Optional.ofNullable(lastAttempt);
    }
}
