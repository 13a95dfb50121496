package dev.switchboard.pulumi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every string of a serialized Pulumi value that is not inside a secret (map keys and scalars too), for the guards of
 * every platform's program that no secret reaches the graph as plain text. A secret is serialized as a map whose
 * {@link #SIG_KEY} is {@link #SECRET_SIG} (Pulumi's special signatures, sdk/go/common/resource/sig).
 */
public final class PlainStrings {
    /** The special signature key of a serialized special value. */
    public static final String SIG_KEY = "4dabf18193072939515e22adb298388d";
    /** The signature of a serialized secret. */
    public static final String SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

    private PlainStrings() {
    }

    /** The plain strings of {@code v}. */
    public static List<String> of(Object v) {
        List<String> out = new ArrayList<>();
        collect(v, out);
        return out;
    }

    /** Adds the plain strings of {@code v} to {@code out}. */
    public static void collect(Object v, List<String> out) {
        if (v instanceof Map<?, ?> m) {
            if (SECRET_SIG.equals(m.get(SIG_KEY))) {
                return;
            }
            m.forEach((k, x) -> {
                out.add(String.valueOf(k));
                collect(x, out);
            });
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collect(x, out));
        } else if (v != null) {
            out.add(v.toString());
        }
    }
}
