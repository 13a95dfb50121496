package dev.switchboard.blueprint;

/**
 * A blueprint value that cannot be provisioned. The message always names the field and says how to fix it, in the
 * form {@code <field>: <problem>. Fix: <what to do>}, so that synth, {@code pulumi up} and the local API stop with a
 * message a user can act on.
 */
public final class BlueprintException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public BlueprintException(String field, String problem, String fix) {
        super(field + ": " + problem + ". Fix: " + fix);
        this.field = field;
    }

    /** The path of the offending field, for example {@code environments.prod.regions[1]}. */
    public String field() {
        return field;
    }
}
