package dev.switchboard.lambdas;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.switchboard.lambdas.auth.AuthorizerEvents.CapturedLog;
import dev.switchboard.lambdas.auth.JwksServer;
import dev.switchboard.lambdas.auth.JwtVerifier;
import dev.switchboard.lambdas.auth.OriginGuard;
import dev.switchboard.lambdas.auth.Reason;
import dev.switchboard.lambdas.auth.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static dev.switchboard.lambdas.auth.AuthorizerEvents.METHOD_ARN;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.invoke;
import static dev.switchboard.lambdas.auth.AuthorizerEvents.withToken;
import static dev.switchboard.lambdas.auth.TestKeys.ATTACKER_EC;
import static dev.switchboard.lambdas.auth.TestKeys.ATTACKER_RSA;
import static dev.switchboard.lambdas.auth.TestKeys.EC;
import static dev.switchboard.lambdas.auth.TestKeys.EC_P384;
import static dev.switchboard.lambdas.auth.TestKeys.OCT;
import static dev.switchboard.lambdas.auth.TestKeys.RSA;
import static dev.switchboard.lambdas.auth.TestKeys.SECRET;
import static dev.switchboard.lambdas.auth.TestKeys.ecSigner;
import static dev.switchboard.lambdas.auth.TestKeys.hs256;
import static dev.switchboard.lambdas.auth.TestKeys.macSigner;
import static dev.switchboard.lambdas.auth.TestKeys.rs256;
import static dev.switchboard.lambdas.auth.TestKeys.rsaSigner;
import static dev.switchboard.lambdas.auth.TestKeys.sign;
import static dev.switchboard.lambdas.auth.TestKeys.validClaims;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malicious and malformed tokens: each one must get a Deny on the request's methodArn (403), with a stable reason in
 * the log and without the token in it.
 */
class AuthorizerHandlerMaliciousTokensTest {
    /** Which keys the authorizer under test is configured with. */
    enum Keys { SECRET_AND_JWKS, SECRET_ONLY, JWKS_ONLY }

    record Case(String name, Keys keys, Supplier<String> token, Reason reason) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static JwksServer jwks;

    @BeforeAll
    static void startJwks() throws IOException {
        jwks = new JwksServer(TestKeys.jwks());
    }

    @AfterAll
    static void stopJwks() {
        jwks.close();
    }

    private static AuthorizerHandler handler(Keys keys, CapturedLog log) {
        var verifier = new JwtVerifier(keys == Keys.JWKS_ONLY ? null : SECRET,
                keys == Keys.SECRET_ONLY ? null : JwtVerifier.remoteJwks(jwks.url()),
                TestKeys.ISSUER, TestKeys.AUDIENCE, Clock.systemUTC());
        return new AuthorizerHandler(verifier, OriginGuard.disabled(), log.log);
    }

    static Stream<Case> maliciousTokens() {
        Instant now = Instant.now();
        return Stream.of(
                new Case("alg none, unsigned", Keys.SECRET_AND_JWKS,
                        () -> b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(validClaims().build().toString()) + ".",
                        Reason.ALG_NONE),
                new Case("alg None (case games) with an HS256 signature", Keys.SECRET_AND_JWKS,
                        () -> withHeader(hs256(validClaims().build()), "{\"alg\":\"None\"}"),
                        Reason.ALG_NOT_ALLOWED),
                new Case("HS256 signed with the RSA public key (alg confusion), secret and JWKS configured",
                        Keys.SECRET_AND_JWKS, TokensUnderTest::hs256WithRsaPublicKey, Reason.BAD_SIGNATURE),
                new Case("HS256 signed with the RSA public key (alg confusion), JWKS only", Keys.JWKS_ONLY,
                        TokensUnderTest::hs256WithRsaPublicKey, Reason.ALG_NOT_ALLOWED),
                new Case("HS256 signed with the JWKS's symmetric key, kid pointing at it", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(OCT.getKeyID()).build(),
                                validClaims().build(), macSigner(OCT.toByteArray())),
                        Reason.BAD_SIGNATURE),
                new Case("RS256 where only HS256 is configured", Keys.SECRET_ONLY,
                        () -> rs256(validClaims().build()), Reason.ALG_NOT_ALLOWED),
                new Case("PS256 (not an accepted algorithm)", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(RSA.getKeyID()).build(),
                                validClaims().build(), rsaSigner(RSA)),
                        Reason.ALG_NOT_ALLOWED),
                new Case("expired", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().issueTime(Date.from(now.minusSeconds(600)))
                                .notBeforeTime(Date.from(now.minusSeconds(600)))
                                .expirationTime(Date.from(now.minusSeconds(120))).build()),
                        Reason.EXPIRED),
                new Case("not yet valid", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().notBeforeTime(Date.from(now.plusSeconds(120))).build()),
                        Reason.NOT_YET_VALID),
                new Case("issued in the future", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().issueTime(Date.from(now.plusSeconds(3600))).build()),
                        Reason.ISSUED_IN_FUTURE),
                new Case("no exp", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().expirationTime(null).build()), Reason.MISSING_EXPIRY),
                new Case("wrong issuer", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().issuer("https://evil.test").build()), Reason.WRONG_ISSUER),
                new Case("no issuer", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().issuer(null).build()), Reason.WRONG_ISSUER),
                new Case("wrong audience", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().audience("someone-else").build()), Reason.WRONG_AUDIENCE),
                new Case("missing sub", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().subject(null).build()), Reason.MISSING_SUBJECT),
                new Case("numeric sub", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().claim("sub", 42).build()), Reason.MISSING_SUBJECT),
                new Case("blank sub", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().subject("  ").build()), Reason.MISSING_SUBJECT),
                new Case("sub longer than 256 characters", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().subject("a".repeat(257)).build()), Reason.SUBJECT_TOO_LONG),
                new Case("exp is a string", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().claim("exp", "tomorrow").build()), Reason.MALFORMED),
                new Case("bad signature: payload swapped for another user's", Keys.SECRET_AND_JWKS,
                        () -> withPayload(hs256(validClaims().build()), validClaims().subject("admin").build()),
                        Reason.BAD_SIGNATURE),
                new Case("truncated signature (37 characters: not a base64url length)", Keys.SECRET_AND_JWKS, () -> {
                    String t = hs256(validClaims().build());
                    return t.substring(0, t.length() - 6);
                }, Reason.MALFORMED),
                new Case("truncated signature (a base64url length)", Keys.SECRET_AND_JWKS, () -> {
                    String t = hs256(validClaims().build());
                    return t.substring(0, t.length() - 7);
                }, Reason.BAD_SIGNATURE),
                new Case("signature stripped", Keys.SECRET_AND_JWKS, () -> {
                    String t = hs256(validClaims().build());
                    return t.substring(0, t.lastIndexOf('.') + 1);
                }, Reason.MALFORMED),
                new Case("truncated payload", Keys.SECRET_AND_JWKS, () -> {
                    String[] p = hs256(validClaims().build()).split("\\.");
                    return p[0] + "." + p[1].substring(0, p[1].length() / 2) + "." + p[2];
                }, Reason.MALFORMED),
                new Case("wrong secret", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), validClaims().build(),
                                macSigner("another-secret-that-is-32-bytes-long!!".getBytes(StandardCharsets.UTF_8))),
                        Reason.BAD_SIGNATURE),
                new Case("HS256 with a kid path traversal, signed with another secret", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("../../../../dev/null").build(),
                                validClaims().build(), macSigner(new byte[32])),
                        Reason.BAD_SIGNATURE),
                new Case("oversized (> MAX_TOKEN_BYTES)", Keys.SECRET_AND_JWKS,
                        () -> hs256(validClaims().claim("pad", "x".repeat(JwtVerifier.DEFAULT_MAX_TOKEN_BYTES)).build()),
                        Reason.TOKEN_TOO_LARGE),
                new Case("garbage", Keys.SECRET_AND_JWKS, () -> "not-a-jwt", Reason.MALFORMED),
                new Case("whitespace", Keys.SECRET_AND_JWKS, () -> "   ", Reason.MALFORMED),
                new Case("extra dots", Keys.SECRET_AND_JWKS, () -> hs256(validClaims().build()) + ".extra",
                        Reason.MALFORMED),
                new Case("base64 junk", Keys.SECRET_AND_JWKS, () -> "!!!.@@@.###", Reason.MALFORMED),
                new Case("header only", Keys.SECRET_AND_JWKS, () -> b64("{\"alg\":\"HS256\"}"), Reason.MALFORMED),
                new Case("payload not JSON", Keys.SECRET_AND_JWKS,
                        () -> b64("{\"alg\":\"HS256\"}") + "." + b64("hello") + "." + b64("sig"), Reason.MALFORMED),
                new Case("header not JSON", Keys.SECRET_AND_JWKS,
                        () -> b64("alg=HS256") + "." + b64("{}") + "." + b64("sig"), Reason.MALFORMED),
                new Case("typ is not a JWT", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("secevent+jwt"))
                                .build(), validClaims().build(), macSigner(SECRET)),
                        Reason.TYPE_NOT_ALLOWED),
                new Case("JWE instead of JWS", Keys.SECRET_AND_JWKS, TokensUnderTest::jwe, Reason.ALG_NOT_ALLOWED),
                new Case("unknown kid against the JWKS", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rotated-away").build(),
                                validClaims().build(), rsaSigner(ATTACKER_RSA)),
                        Reason.UNKNOWN_KEY),
                new Case("RS256 kid path traversal", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("../../etc/passwd").build(),
                                validClaims().build(), rsaSigner(RSA)),
                        Reason.UNKNOWN_KEY),
                new Case("RS256 without kid", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), validClaims().build(),
                                rsaSigner(RSA)),
                        Reason.MISSING_KID),
                new Case("RS256 with a known kid, signed by another key", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build(),
                                validClaims().build(), rsaSigner(ATTACKER_RSA)),
                        Reason.BAD_SIGNATURE),
                new Case("RS256 carrying the attacker's own key in jwk and jku headers", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID())
                                        .jwk(ATTACKER_RSA.toPublicJWK())
                                        .jwkURL(URI.create("http://127.0.0.1:1/attacker.json")).build(),
                                validClaims().build(), rsaSigner(ATTACKER_RSA)),
                        Reason.HEADER_NOT_ALLOWED),
                new Case("RS256 with the kid of the EC key", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(EC.getKeyID()).build(),
                                validClaims().build(), rsaSigner(RSA)),
                        Reason.UNKNOWN_KEY),
                new Case("ES256 with a known kid, signed by another key", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(EC.getKeyID()).build(),
                                validClaims().build(), ecSigner(ATTACKER_EC)),
                        Reason.BAD_SIGNATURE),
                new Case("ES256 over the wrong curve (P-384 key in the JWKS)", Keys.SECRET_AND_JWKS,
                        TokensUnderTest::es256WithP384Key, Reason.UNKNOWN_KEY),
                new Case("ES256 with an all-zero signature (psychic signature)", Keys.SECRET_AND_JWKS,
                        () -> {
                            String t = TestKeys.es256(validClaims().build());
                            return t.substring(0, t.lastIndexOf('.') + 1) + Base64URL.encode(new byte[64]);
                        },
                        Reason.BAD_SIGNATURE),
                new Case("five parts of junk (JWE-shaped)", Keys.SECRET_AND_JWKS, () -> "a.b.c.d.e", Reason.MALFORMED),
                new Case("unencoded payload (b64: false)", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.HS256).base64URLEncodePayload(false)
                                        .criticalParams(Set.of("b64")).build(),
                                validClaims().build(), macSigner(SECRET)),
                        Reason.MALFORMED),
                new Case("crit header the verifier does not understand", Keys.SECRET_AND_JWKS,
                        () -> sign(new JWSHeader.Builder(JWSAlgorithm.HS256).customParam("exp-policy", "x")
                                        .criticalParams(Set.of("exp-policy")).build(),
                                validClaims().build(), macSigner(SECRET)),
                        Reason.HEADER_NOT_ALLOWED)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maliciousTokens")
    void authorize_whenTokenMaliciousOrMalformed_deniesOnTheMethodArn(Case c) throws IOException {
        // GIVEN the authorizer configured with the case's keys, and the case's token
        CapturedLog log = new CapturedLog();
        AuthorizerHandler handler = handler(c.keys(), log);
        String token = c.token().get();

        // WHEN the REQUEST authorizer event carries that token
        JsonNode response = invoke(handler, withToken(token));

        // THEN the answer is a Deny on exactly the methodArn, with no context, and the log names the reason, not the token
        assertThat(response.at("/policyDocument/Statement/0/Effect").asText()).isEqualTo("Deny");
        assertThat(response.at("/policyDocument/Statement/0/Resource").asText()).isEqualTo(METHOD_ARN);
        assertThat(response.at("/policyDocument/Statement/0/Action").asText()).isEqualTo("execute-api:Invoke");
        assertThat(response.has("context")).isFalse();
        JsonNode line = log.last();
        assertThat(line.get("outcome").asText()).isEqualTo("DENY");
        assertThat(line.get("reason").asText()).isEqualTo(c.reason().name());
        if (token.trim().length() > 12) {
            assertThat(log.text()).doesNotContain(token);
        }
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String withHeader(String token, String headerJson) {
        return b64(headerJson) + token.substring(token.indexOf('.'));
    }

    private static String withPayload(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        return parts[0] + "." + b64(claims.toString()) + "." + parts[2];
    }

    /** Tokens that need more than one line to forge. */
    static final class TokensUnderTest {
        static String hs256WithRsaPublicKey() {
            try {
                byte[] publicKeyBytes = RSA.toRSAPublicKey().getEncoded();
                return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(RSA.getKeyID()).build(),
                        validClaims().build(), macSigner(publicKeyBytes));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        static String jwe() {
            try {
                EncryptedJWT jwt = new EncryptedJWT(new JWEHeader(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128GCM),
                        validClaims().build());
                jwt.encrypt(new RSAEncrypter(RSA.toRSAPublicKey()));
                return jwt.serialize();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        static String es256WithP384Key() {
            try {
                String signingInput = b64(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(EC_P384.getKeyID()).build()
                        .toString()) + "." + b64(validClaims().build().toString());
                Signature ecdsa = Signature.getInstance("SHA256withECDSA");
                ecdsa.initSign(EC_P384.toECPrivateKey());
                ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
                byte[] concat = ECDSA.transcodeSignatureToConcat(ecdsa.sign(), 96);
                return signingInput + "." + Base64URL.encode(concat);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
