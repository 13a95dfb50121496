package dev.switchboard.lambdas.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Keys and token builders shared by the authorizer tests; generated once per JVM. */
public final class TestKeys {
    public static final String ISSUER = "https://issuer.test";
    public static final String AUDIENCE = "switchboard-test";
    public static final byte[] SECRET = "test-hs256-secret-with-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8);

    /** In the JWKS. */
    public static final RSAKey RSA = rsa("rsa-1");
    public static final ECKey EC = ec(Curve.P_256, "ec-1");
    public static final ECKey EC_P384 = ec(Curve.P_384, "ec-384");
    /** A symmetric key published in the JWKS (a misconfiguration an attacker may try to exploit). */
    public static final OctetSequenceKey OCT = oct("oct-1");
    /** Not in the JWKS. */
    public static final RSAKey ATTACKER_RSA = rsa("rsa-1");
    public static final ECKey ATTACKER_EC = ec(Curve.P_256, "ec-1");

    private TestKeys() {
    }

    /** What the test JWKS endpoint publishes: the public RSA, P-256 and P-384 keys, and the symmetric {@link #OCT}. */
    public static JWKSet jwks() {
        return new JWKSet(List.<JWK>of(RSA.toPublicJWK(), EC.toPublicJWK(), EC_P384.toPublicJWK(), OCT));
    }

    /** Claims that pass every check: sub alice, the test issuer and audience, valid from now - 10 s for 5 minutes. */
    public static JWTClaimsSet.Builder validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(Date.from(now.minusSeconds(10)))
                .notBeforeTime(Date.from(now.minusSeconds(10)))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    public static String hs256(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).build(), claims, macSigner(SECRET));
    }

    public static String rs256(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build(), claims, rsaSigner(RSA));
    }

    public static String es256(JWTClaimsSet claims) {
        return sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(EC.getKeyID()).build(), claims, ecSigner(EC));
    }

    public static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    public static JWSSigner macSigner(byte[] secret) {
        try {
            return new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWSSigner rsaSigner(RSAKey key) {
        try {
            return new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JWSSigner ecSigner(ECKey key) {
        try {
            return new ECDSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey ec(Curve curve, String kid) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).keyUse(KeyUse.SIGNATURE).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static OctetSequenceKey oct(String kid) {
        try {
            return new OctetSequenceKeyGenerator(256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
