package dev.switchboard.lambdas.bench;

/** The baseline of {@code lambdas/cold-init.sh}: a JVM that starts and exits. */
public final class Noop {
    private Noop() {
    }

    public static void main(String[] args) {
        // nothing: the time of a plain JVM start and exit
    }
}
