package dev.switchboard.lambdas.auth;

/** Checks a bearer token. Implementations are thread-safe. */
public interface TokenVerifier {
    /**
     * @param token the raw token as the client sent it; null or empty when the client sent none
     * @return the verdict; {@link Reason#MISSING_TOKEN} for a null or empty token
     * @throws VerifierUnavailableException when the token cannot be checked now (e.g. the JWKS endpoint is down)
     */
    Verdict verify(String token);
}
