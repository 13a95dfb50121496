package dev.switchboard.lambdas.auth;

import java.util.Objects;

/**
 * Outcome of checking one token: the user id when {@link #allowed()}, otherwise the reason. {@code alg} and {@code kid}
 * are the (untrusted) header values, for the logs only; either may be null.
 */
public record Verdict(Reason reason, String subject, String alg, String kid) {
    public Verdict {
        Objects.requireNonNull(reason, "reason");
        if ((reason == Reason.OK) != (subject != null)) {
            throw new IllegalArgumentException("a subject is given exactly when the reason is OK");
        }
    }

    public static Verdict allow(String subject, String alg, String kid) {
        return new Verdict(Reason.OK, Objects.requireNonNull(subject, "subject"), alg, kid);
    }

    public static Verdict deny(Reason reason) {
        return new Verdict(reason, null, null, null);
    }

    public static Verdict deny(Reason reason, String alg, String kid) {
        return new Verdict(reason, null, alg, kid);
    }

    public boolean allowed() {
        return reason == Reason.OK;
    }
}
