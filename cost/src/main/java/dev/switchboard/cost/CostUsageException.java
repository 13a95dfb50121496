package dev.switchboard.cost;

/** Input the estimator cannot use (an unknown flag, a negative count, a price file without a price); exit code 2. */
public final class CostUsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CostUsageException(String message) {
        super(message);
    }
}
