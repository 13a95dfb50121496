package dev.switchboard.devkit;

/**
 * The option parsing every local runner's command line shares ({@code ./switchboard local} on each platform): an
 * option's value, and a number, each refused with the option's name in a usage error ({@link IllegalArgumentException},
 * which the runners print with their usage and exit 2 for).
 */
public final class CliArgs {
    private CliArgs() {
    }

    /** The value after the option {@code flag} at {@code args[i]}; refused when missing or another option. */
    public static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    /** {@code v} as the whole number {@code flag} takes. */
    public static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " '" + v + "' is not a number");
        }
    }
}
