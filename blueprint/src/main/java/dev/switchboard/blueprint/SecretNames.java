package dev.switchboard.blueprint;

import java.util.regex.Pattern;

/**
 * The Secrets Manager names of an environment's two secrets, the same for every renderer, and the rule every secret
 * name must follow: it must not end in a hyphen followed by six characters. Secrets Manager appends {@code -} and six
 * random characters to a secret's ARN; a name that already ends that way makes a partial ARN look complete, so a
 * GetSecretValue by partial ARN fails with ResourceNotFound or AccessDenied (CreateSecret API reference: "do not end
 * your secret name with a hyphen followed by six characters",
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html).
 */
public final class SecretNames {
    /** A hyphen and exactly six characters at the end: what Secrets Manager takes for its random ARN suffix. */
    private static final Pattern ARN_SUFFIX_LOOKALIKE = Pattern.compile(".*-.{6}$");

    private SecretNames() {
    }

    /** {@link PhysicalNames#jwtSecret()}. */
    public static String jwtSigning(Blueprint blueprint) {
        return blueprint.names().jwtSecret();
    }

    /** {@link PhysicalNames#originSecret()}. */
    public static String originHeader(Blueprint blueprint) {
        return blueprint.names().originSecret();
    }

    /** Whether {@code name} ends in a hyphen and six characters (ambiguous with a partial ARN). */
    public static boolean looksLikeArnSuffix(String name) {
        return name != null && ARN_SUFFIX_LOOKALIKE.matcher(name).matches();
    }

    /**
     * Returns {@code name}, or throws a {@link BlueprintException} naming {@code field} when it ends in a hyphen and six
     * characters.
     */
    public static String require(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new BlueprintException(field, "a secret name is empty", "name the secret");
        }
        if (looksLikeArnSuffix(name)) {
            throw new BlueprintException(field, "the secret name '" + name + "' ends in a hyphen and six characters,"
                    + " which Secrets Manager takes for the random suffix of an ARN (a partial ARN then names no"
                    + " secret)", "end the name differently, e.g. without the hyphen or with more or fewer than six"
                    + " characters after it");
        }
        return name;
    }
}
