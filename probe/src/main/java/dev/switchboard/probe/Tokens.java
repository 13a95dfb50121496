package dev.switchboard.probe;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.devkit.DevTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The probe's tokens. They never come from the command line (where {@code ps} and CI logs show them): from
 * {@code --token-file FILE} (one a line) or {@code SWITCHBOARD_PROBE_TOKENS} (separated by whitespace), or minted
 * from an HS256 signing key read from {@code --signing-key-file FILE} or {@code SWITCHBOARD_PROBE_SIGNING_KEY} for
 * the users reserved for the probe, {@value #USER_A} and {@value #USER_B}. Every text the probe prints goes through
 * {@link #redact}.
 */
public final class Tokens {
    /** The first user id reserved for the probe. */
    public static final String USER_A = "switchboard-probe-a";
    /** The second user id reserved for the probe. */
    public static final String USER_B = "switchboard-probe-b";

    /** A probe user: its id (the token's {@code sub}) and its token. */
    public record User(String id, String token) {
        @Override
        public String toString() {
            return id;
        }
    }

    private final List<User> users;
    private final DevTokens signer;

    private Tokens(List<User> users, DevTokens signer) {
        this.users = List.copyOf(users);
        this.signer = signer;
    }

    /** Distinct users, in the order given (two tokens of one user count once). */
    public List<User> users() {
        return users;
    }

    /** Whether the probe can mint tokens (and so an expired one). */
    public boolean canMint() {
        return signer != null;
    }

    /** A token for the first user that expired an hour ago, or null without a signing key. */
    public String expired() {
        if (signer == null) {
            return null;
        }
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        return signer.withClock(past).withTtl(Duration.ofMinutes(30)).token(users.get(0).id());
    }

    /** The first user's token with another signature: well-formed, but the authorizer must refuse it. */
    public String badSignature() {
        String t = users.get(0).token();
        int dot = t.lastIndexOf('.');
        char first = t.charAt(dot + 1);
        return t.substring(0, dot + 1) + (first == 'A' ? 'B' : 'A') + t.substring(dot + 2);
    }

    /** Replaces every token (and the bad ones derived from them) in {@code text} with {@code <token>}. */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (User u : users) {
            out = out.replace(u.token(), "<token>");
            int dot = u.token().lastIndexOf('.');
            out = out.replace(u.token().substring(0, dot), "<token>");
        }
        return out;
    }

    /** From tokens (file, else environment variable), else minted from a key (file, else environment variable). */
    public static Tokens load(Path tokenFile, Path keyFile, Map<String, String> env, String issuer, String audience) {
        String listed = tokenFile != null ? read(tokenFile, "--token-file") : env.get("SWITCHBOARD_PROBE_TOKENS");
        if (listed != null && !listed.isBlank()) {
            return fromTokens(List.of(listed.trim().split("\\s+")));
        }
        String key = keyFile != null ? read(keyFile, "--signing-key-file") : env.get("SWITCHBOARD_PROBE_SIGNING_KEY");
        if (key != null && !key.isBlank()) {
            return minted(key.strip(), issuer, audience);
        }
        throw new IllegalArgumentException("no tokens: give --token-file FILE (one token a line) or set"
                + " SWITCHBOARD_PROBE_TOKENS, or give a signing key with --signing-key-file FILE or"
                + " SWITCHBOARD_PROBE_SIGNING_KEY (tokens never go on the command line)");
    }

    /** Tokens for {@link #USER_A} and {@link #USER_B}, signed with {@code key}. */
    public static Tokens minted(String key, String issuer, String audience) {
        DevTokens signer = new DevTokens(key, issuer, audience, Duration.ofMinutes(15), Clock.systemUTC());
        return new Tokens(List.of(new User(USER_A, signer.token(USER_A)), new User(USER_B, signer.token(USER_B))), signer);
    }

    static Tokens fromTokens(List<String> tokens) {
        Map<String, User> byUser = new LinkedHashMap<>();
        for (String t : tokens) {
            String sub = subject(t);
            byUser.putIfAbsent(sub, new User(sub, t));
        }
        return new Tokens(new ArrayList<>(byUser.values()), null);
    }

    /** The {@code sub} of a JWT, read without checking it (the authorizer checks it). */
    static String subject(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("a probe token is not a JWT (header.payload.signature)");
        }
        try {
            JsonNode claims = Frames.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            String sub = claims.path("sub").asText("");
            if (sub.isEmpty()) {
                throw new IllegalArgumentException("a probe token has no 'sub' claim (the user id)");
            }
            return sub;
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof IllegalArgumentException i && i.getMessage() != null && i.getMessage().startsWith("a probe")) {
                throw i;
            }
            throw new IllegalArgumentException("a probe token's payload is not base64url JSON");
        }
    }

    private static String read(Path p, String flag) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + p + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }
}
