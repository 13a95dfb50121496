package dev.switchboard.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The crafted tokens of {@code src/test/resources/tokens/corpus.json}, signed at test time with keys made for the run.
 *
 * <p>The file's {@code config} gives the issuer, audience, HS256 secret and the fixed "now" (seconds) every token is
 * judged at, and the default header and claims. Each case has a {@code name}, a {@code why} and the {@code expect}ed
 * reason ({@code OK} with the {@code user}, by default the claims' {@code sub}), and describes its token by:
 * <ul>
 *   <li>{@code literal}: the token as it is (nothing signed); or</li>
 *   <li>the header: {@code header} (members merged over the default, a member set to the string
 *       {@code "$unset"} removed), or {@code headerJson} (the exact JSON text), or {@code headerHex} (the exact bytes,
 *       for invalid UTF-8); the claims likewise ({@code claims}, {@code claimsJson}, {@code claimsHex}); optional
 *       {@code headerSegment} and {@code payloadSegment} transforms of their base64url text, applied before signing
 *       so that the signature covers what is sent: {@code noncanonical} (unused bits of the last character set; JSON
 *       whitespace is appended first when the length leaves none), {@code std} (the standard alphabet),
 *       {@code padded} ({@code =} padding);</li>
 *   <li>{@code sign}: {@code {"alg": "HS256|RS256|ES256|ES384|none", "key": ...}}, by default HS256 with the configured
 *       secret (or RS256 with {@code rsa}, ES256 with {@code ec} when the header's alg says so); keys: {@code secret},
 *       {@code otherSecret}, {@code zeroSecret}, {@code rsaPublicDer} (HS256 keyed with the JWKS RSA key's public
 *       bytes), {@code oct} (the symmetric key listed in the JWKS), {@code rsa}, {@code attackerRsa}, {@code ec},
 *       {@code attackerEc}, {@code ecP384}; {@code "leadingZero": true} re-signs with a growing {@code jti} claim until
 *       the signature's first byte is zero;</li>
 *   <li>{@code signatureSegment}: {@code noncanonical}, {@code std}, {@code padded}, {@code truncate7},
 *       {@code dropLastByte} and {@code dropFirstByte} (canonical, one byte short), {@code zero64} (64 zero bytes), {@code empty}; then {@code template} (default {@code {h}.{p}.{s}}) joins
 *       the segments.</li>
 * </ul>
 * The JWKS both verifiers use lists {@code rsa} ({@code rsa-1}), {@code ec} ({@code ec-1}), {@code ecP384}
 * ({@code ec-384}) and {@code oct} ({@code oct-1}).
 */
final class TokenCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** One case: its name, why it is there, the token and the expected reason and user (null unless OK). */
    record Case(String name, String why, String token, String expect, String user) {
    }

    final JsonNode config;
    final String issuer;
    final String audience;
    final String secret;
    final long nowSeconds;
    final List<Case> cases = new ArrayList<>();
    private final RSAKey rsa;
    private final RSAKey attackerRsa;
    private final ECKey ec;
    private final ECKey attackerEc;
    private final ECKey ecP384;
    private final OctetSequenceKey oct;

    TokenCorpus(String resource) throws Exception {
        JsonNode root;
        try (InputStream in = TokenCorpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the test classpath");
            }
            root = JSON.readTree(in);
        }
        config = root.get("config");
        issuer = config.get("issuer").asText();
        audience = config.get("audience").asText();
        secret = config.get("secret").asText();
        nowSeconds = config.get("now").asLong();
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").keyUse(KeyUse.SIGNATURE).generate();
        attackerRsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").keyUse(KeyUse.SIGNATURE).generate();
        attackerEc = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        ecP384 = new ECKeyGenerator(Curve.P_384).keyID("ec-384").generate();
        oct = new OctetSequenceKey.Builder("a-symmetric-key-in-the-jwks-32-bytes!!".getBytes(StandardCharsets.UTF_8))
                .keyID("oct-1").build();
        for (JsonNode c : root.get("cases")) {
            cases.add(materialize(c));
        }
    }

    /** The public JWKS both verifiers check RS256/ES256 against. */
    JWKSet jwks() {
        List<JWK> keys = List.of(rsa.toPublicJWK(), ec.toPublicJWK(), ecP384.toPublicJWK(), oct);
        return new JWKSet(keys);
    }

    String jwksJson() {
        return JSON.valueToTree(jwks().toJSONObject(false)).toString();
    }

    private Case materialize(JsonNode c) throws Exception {
        String name = c.get("name").asText();
        String why = text(c, "why");
        if (why == null || why.isBlank()) {
            throw new IllegalStateException("corpus case '" + name + "' says nothing about why it is there");
        }
        String expect = c.get("expect").asText();
        ObjectNode claims = merged((ObjectNode) config.get("claims"), c.get("claims"));
        String user = "OK".equals(expect) ? (c.has("user") ? c.get("user").asText() : claims.path("sub").asText())
                : null;
        if (c.has("literal")) {
            return new Case(name, why, c.get("literal").asText(), expect, user);
        }
        ObjectNode header = merged((ObjectNode) config.get("header"), c.get("header"));
        byte[] headerBytes = bytes(c, "header", header);
        byte[] claimsBytes = bytes(c, "claims", claims);
        String h = segment(headerBytes, text(c, "headerSegment"));
        String p = segment(claimsBytes, text(c, "payloadSegment"));
        JsonNode sign = c.path("sign");
        String alg = sign.has("alg") ? sign.get("alg").asText() : header.path("alg").asText("HS256");
        String key = sign.has("key") ? sign.get("key").asText() : defaultKey(alg);
        byte[] sig = sign(alg, key, (h + "." + p).getBytes(StandardCharsets.US_ASCII));
        for (int jti = 0; sign.path("leadingZero").asBoolean() && sig[0] != 0; jti++) {
            claims.put("jti", jti); // sign variants until the signature starts with a zero byte
            p = segment(JSON.writeValueAsBytes(claims), null);
            sig = sign(alg, key, (h + "." + p).getBytes(StandardCharsets.US_ASCII));
        }
        String s = signatureSegment(sig, text(c, "signatureSegment"));
        String template = c.has("template") ? c.get("template").asText() : "{h}.{p}.{s}";
        return new Case(name, why, template.replace("{h}", h).replace("{p}", p).replace("{s}", s), expect, user);
    }

    private static String text(JsonNode c, String field) {
        return c.has(field) ? c.get(field).asText() : null;
    }

    private static ObjectNode merged(ObjectNode base, JsonNode changes) {
        ObjectNode out = base.deepCopy();
        if (changes != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getValue().isTextual() && e.getValue().asText().equals("$unset")) {
                    out.remove(e.getKey());
                } else {
                    out.set(e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }

    private static byte[] bytes(JsonNode c, String part, ObjectNode merged) throws IOException {
        if (c.has(part + "Hex")) {
            return HexFormat.of().parseHex(c.get(part + "Hex").asText());
        }
        if (c.has(part + "Json")) {
            return c.get(part + "Json").asText().getBytes(StandardCharsets.UTF_8);
        }
        return JSON.writeValueAsBytes(merged);
    }

    private static String segment(byte[] bytes, String transform) {
        if (transform == null) {
            return B64.encodeToString(bytes);
        }
        String s = transformed(bytes, transform);
        if (s.equals(B64.encodeToString(bytes))) {
            throw new IllegalStateException("the transform " + transform + " leaves " + s + " as it is: change the case");
        }
        return s;
    }

    private static String transformed(byte[] bytes, String transform) {
        return switch (transform) {
            case "noncanonical" -> {
                byte[] b = bytes;
                while (b.length % 3 == 0) { // no unused bits: add JSON whitespace until there are some
                    b = java.util.Arrays.copyOf(b, b.length + 1);
                    b[b.length - 1] = ' ';
                }
                yield noncanonical(B64.encodeToString(b));
            }
            case "std" -> Base64.getEncoder().withoutPadding().encodeToString(bytes);
            case "padded" -> Base64.getUrlEncoder().encodeToString(bytes);
            default -> throw new IllegalArgumentException("unknown segment transform " + transform);
        };
    }

    private static String signatureSegment(byte[] sig, String transform) {
        if (transform == null) {
            return B64.encodeToString(sig);
        }
        return switch (transform) {
            case "truncate7" -> {
                String s = B64.encodeToString(sig);
                yield s.substring(0, s.length() - 7);
            }
            case "zero64" -> B64.encodeToString(new byte[64]);
            case "dropLastByte" -> B64.encodeToString(java.util.Arrays.copyOf(sig, sig.length - 1));
            case "dropFirstByte" -> B64.encodeToString(java.util.Arrays.copyOfRange(sig, 1, sig.length));
            case "empty" -> "";
            default -> segment(sig, transform);
        };
    }

    /** The same bytes with the unused low bits of the last character set: what a lenient decoder ignores. */
    private static String noncanonical(String s) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(s.charAt(s.length() - 1));
        int bits = s.length() % 4 == 2 ? 0b1111 : 0b11;
        return s.substring(0, s.length() - 1) + alphabet.charAt(last | bits);
    }

    private String defaultKey(String alg) {
        return switch (alg) {
            case "RS256" -> "rsa";
            case "ES256" -> "ec";
            default -> "secret";
        };
    }

    private byte[] sign(String alg, String key, byte[] input) throws Exception {
        return switch (alg) {
            case "none" -> new byte[0];
            case "HS256" -> hmac(hmacKey(key), input);
            case "RS256" -> signWith("SHA256withRSA", rsaKey(key).toPrivateKey(), input);
            case "ES256" -> signWith("SHA256withECDSAinP1363Format", ecKey(key).toPrivateKey(), input);
            case "ES384" -> signWith("SHA384withECDSAinP1363Format", ecKey(key).toPrivateKey(), input);
            default -> throw new IllegalArgumentException("cannot sign with " + alg);
        };
    }

    private byte[] hmacKey(String key) throws Exception {
        return switch (key) {
            case "secret" -> secret.getBytes(StandardCharsets.UTF_8);
            case "otherSecret" -> "another-secret-that-is-32-bytes-long!!".getBytes(StandardCharsets.UTF_8);
            case "zeroSecret" -> new byte[32];
            case "rsaPublicDer" -> rsa.toPublicKey().getEncoded();
            case "oct" -> oct.toByteArray();
            default -> throw new IllegalArgumentException("no HMAC key " + key);
        };
    }

    private RSAKey rsaKey(String key) {
        return switch (key) {
            case "rsa" -> rsa;
            case "attackerRsa" -> attackerRsa;
            default -> throw new IllegalArgumentException("no RSA key " + key);
        };
    }

    private ECKey ecKey(String key) {
        return switch (key) {
            case "ec" -> ec;
            case "attackerEc" -> attackerEc;
            case "ecP384" -> ecP384;
            default -> throw new IllegalArgumentException("no EC key " + key);
        };
    }

    private static byte[] hmac(byte[] key, byte[] input) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(input);
    }

    private static byte[] signWith(String algorithm, PrivateKey key, byte[] input) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(input);
        return s.sign();
    }

    static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
