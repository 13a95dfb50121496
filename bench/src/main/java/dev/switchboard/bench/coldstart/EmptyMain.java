package dev.switchboard.bench.coldstart;

/** The baseline of the cold-start benchmark: a JVM that prints {@code HANDLED} and exits. */
public final class EmptyMain {
    private EmptyMain() {
    }

    public static void main(String[] args) {
        System.out.println("HANDLED");
        System.out.flush();
        System.exit(0);
    }
}
