package dev.switchboard.pulumi;

import dev.switchboard.blueprint.BlueprintException;

import java.util.Arrays;
import java.util.Locale;

/**
 * Where a stack renders the blueprint, from {@code switchboard:platform} (default {@link #AWS}): the AWS program
 * ({@link App#define}), or the Cloudflare, Azure or Vercel program of its sub-package.
 */
public enum Platform {
    AWS, CLOUDFLARE, AZURE, VERCEL;

    /** The stack configuration key. */
    public static final String KEY = "platform";

    /** The platform named {@code value}; absent means AWS; anything else is refused naming the choices. */
    public static Platform parse(java.util.Optional<String> value) {
        if (value.isEmpty()) {
            return AWS;
        }
        try {
            return valueOf(value.get().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BlueprintException(KEY, "'" + value.get() + "' is not a platform", "set switchboard:" + KEY
                    + " to one of " + Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList()
                    + " (or leave it out for aws)");
        }
    }
}
