// Verifies the handshake's JWT with WebCrypto, making the decisions of the Lambda authorizer
// (lambdas/.../auth/JwtVerifier.java): the strict pre-parse (jwtsyntax.mjs: size, canonical base64url, strict UTF-8,
// JSON without duplicate names, typed header fields and time claims, no alg none, no JWE, refused headers, typ, kid);
// HS256 only against the secret, RS256/ES256 only against JWKS keys of the matching type and curve (no algorithm
// confusion); the signature; then exp (required), nbf, iat with the blueprint's clock skew, the longest lifetime, iss,
// aud, and sub (a valid user id, userid.mjs). Claims are judged only once the signature verified.

import { preParse, Refused } from "./jwtsyntax.mjs";
import { userIdProblem } from "./userid.mjs";

export const JWKS_CACHE_MILLIS = 10 * 60 * 1000;
export const JWKS_MIN_REFETCH_MILLIS = 30 * 1000;
export const JWKS_MAX_BYTES = 64 * 1024;
export const JWKS_TIMEOUT_MILLIS = 4000;

const encoder = new TextEncoder();

/** A decision: ok with the user id, or a stable reason (the same names as the authorizer's Reason enum). */
export const allow = (sub, alg, kid) => ({ ok: true, reason: "OK", sub, alg, kid });
export const deny = (reason, alg, kid) => ({ ok: false, reason, alg, kid });

/** The JWKS could not be fetched: the handshake answers 500, as the authorizer's failure does. */
export class VerifierUnavailable extends Error {}

/**
 * @param {object} options
 * @param {string|undefined} options.secret   HS256 secret (at least 32 bytes), or undefined to refuse HS256
 * @param {string|undefined} options.jwksUrl  JWKS URL for RS256/ES256, or undefined to refuse them
 * @param {string} options.issuer             required iss
 * @param {string} options.audience           required member of aud
 * @param {number} options.maxTokenBytes      longest token accepted (the blueprint's maxTokenBytes)
 * @param {object} options.tokens             the blueprint's TokenRules (settings().tokens)
 * @param {object} options.userIds            the blueprint's UserIds (settings().userIds)
 * @param {Function} [options.fetch]          fetch for the JWKS
 * @param {Function} [options.now]            epoch milliseconds
 */
export function verifier(options) {
  const { secret, jwksUrl, issuer, audience, maxTokenBytes, tokens, userIds } = options;
  if (!secret && !jwksUrl) throw new Error("configure JWT_SECRET, a jwksUrl, or both");
  if (secret && encoder.encode(secret).length < 32) throw new Error("JWT_SECRET has fewer than 32 bytes");
  if (!tokens || !userIds) throw new Error("pass the settings' tokens and userIds (verifierOf takes them from settings)");
  const now = options.now ?? (() => Date.now());
  const doFetch = options.fetch ?? ((u, i) => fetch(u, i));
  const algorithms = new Set([...(secret ? ["HS256"] : []), ...(jwksUrl ? ["RS256", "ES256"] : [])]);
  let hmacKey;
  const jwks = { keys: null, fetchedAt: 0, lastAttempt: -Infinity, pending: null };

  async function secretKey() {
    hmacKey ??= await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" },
      false, ["verify"]);
    return hmacKey;
  }

  async function loadJwks() {
    jwks.lastAttempt = now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), JWKS_TIMEOUT_MILLIS);
    try {
      const r = await doFetch(jwksUrl, { signal: controller.signal, headers: { accept: "application/json" } });
      if (!r.ok) throw new VerifierUnavailable(`the JWKS answered ${r.status}`);
      const text = await r.text();
      if (encoder.encode(text).length > JWKS_MAX_BYTES) throw new VerifierUnavailable("the JWKS is too large");
      const doc = JSON.parse(text);
      if (!doc || !Array.isArray(doc.keys)) throw new VerifierUnavailable("the JWKS has no keys array");
      jwks.keys = doc.keys;
      jwks.fetchedAt = now();
    } catch (e) {
      if (e instanceof VerifierUnavailable) throw e;
      throw new VerifierUnavailable(`the JWKS could not be fetched: ${e.message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async function jwksKeys(kid) {
    const stale = !jwks.keys || now() - jwks.fetchedAt > JWKS_CACHE_MILLIS;
    const unknown = jwks.keys && !jwks.keys.some((k) => k.kid === kid);
    if (stale || (unknown && now() - jwks.lastAttempt >= JWKS_MIN_REFETCH_MILLIS)) {
      jwks.pending ??= loadJwks().finally(() => { jwks.pending = null; });
      try {
        await jwks.pending;
      } catch (e) {
        if (!jwks.keys) throw e; // keep serving a cached set through an outage
      }
    }
    return jwks.keys.filter((k) => k.kid === kid);
  }

  async function publicKey(alg, kid) {
    for (const jwk of await jwksKeys(kid)) {
      if (jwk.use !== undefined && jwk.use !== "sig") continue;
      if (jwk.alg !== undefined && jwk.alg !== alg) continue;
      try {
        if (alg === "RS256" && jwk.kty === "RSA" && jwk.n && jwk.e) {
          return await crypto.subtle.importKey("jwk", { kty: "RSA", n: jwk.n, e: jwk.e },
            { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
        }
        if (alg === "ES256" && jwk.kty === "EC" && jwk.crv === "P-256" && jwk.x && jwk.y) {
          return await crypto.subtle.importKey("jwk", { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y },
            { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
        }
      } catch {
        // a malformed key in the set matches nothing
      }
    }
    return null;
  }

  /** Verifies `token`; resolves to allow(...) or deny(reason); rejects with VerifierUnavailable on a JWKS outage. */
  return async function verify(token) {
    if (typeof token !== "string" || token.length === 0) return deny("MISSING_TOKEN");
    let parsed;
    try {
      parsed = preParse(token, maxTokenBytes, algorithms, tokens.latestTimeSeconds);
    } catch (e) {
      if (e instanceof Refused) return deny(e.reason, e.alg, e.kid);
      throw e;
    }
    const { alg, kid, claims, signature } = parsed;
    const hmac = alg === "HS256";
    const parts = token.split(".");
    const signed = encoder.encode(parts[0] + "." + parts[1]);
    let good;
    if (hmac) {
      good = await crypto.subtle.verify("HMAC", await secretKey(), signature, signed);
    } else {
      const key = await publicKey(alg, kid);
      if (!key) return deny("UNKNOWN_KEY", alg, kid);
      const params = alg === "ES256" ? { name: "ECDSA", hash: "SHA-256" } : { name: "RSASSA-PKCS1-v1_5" };
      if (alg === "ES256" && signature.length !== 64) return deny("BAD_SIGNATURE", alg, kid);
      try {
        good = await crypto.subtle.verify(params, key, signature, signed);
      } catch {
        good = false;
      }
    }
    if (!good) return deny("BAD_SIGNATURE", alg, kid);
    const reason = claimProblem(claims, now() / 1000, issuer, audience, tokens, userIds);
    return reason ? deny(reason, alg, kid) : allow(claims.sub, alg, kid);
  };
}

/** The verifier of the rendered settings `s` (config.mjs) with the JWT_SECRET binding `secret`. */
export function verifierOf(s, secret, extra = {}) {
  return verifier({ secret: secret || undefined, jwksUrl: s.auth.jwksUrl, issuer: s.auth.issuer,
    audience: s.auth.audience, maxTokenBytes: s.limits.maxTokenBytes, tokens: s.tokens, userIds: s.userIds, ...extra });
}

/** The reason the claims (as the pre-parse typed them) are refused at `nowSeconds`, or null. */
export function claimProblem(claims, nowSeconds, issuer, audience, tokens, userIds) {
  const skew = tokens.clockSkewSeconds;
  if (claims.exp === undefined) return "MISSING_EXPIRY";
  if (nowSeconds > claims.exp + skew) return "EXPIRED";
  if (claims.nbf !== undefined && nowSeconds + skew < claims.nbf) return "NOT_YET_VALID";
  if (claims.iat !== undefined && nowSeconds + skew < claims.iat) return "ISSUED_IN_FUTURE";
  if (claims.exp - (claims.iat !== undefined ? claims.iat : nowSeconds) > tokens.maxLifetimeSeconds) {
    return "LIFETIME_TOO_LONG";
  }
  if (claims.iss !== issuer) return "WRONG_ISSUER";
  if (!(claims.aud === audience || (Array.isArray(claims.aud) && claims.aud.includes(audience)))) {
    return "WRONG_AUDIENCE";
  }
  if (typeof claims.sub !== "string") return "MISSING_SUBJECT";
  const problem = userIdProblem(userIds, claims.sub);
  if (problem === null) return null;
  return { EMPTY: "MISSING_SUBJECT", TOO_LONG: "SUBJECT_TOO_LONG" }[problem] ?? "INVALID_SUBJECT";
}

/** Signs an HS256 dev token (the local chat page's /_switchboard/token; never enabled in a deployment). */
export async function signHs256(secret, claims) {
  const enc = (o) => btoa(String.fromCharCode(...encoder.encode(JSON.stringify(o))))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const input = enc({ alg: "HS256", typ: "JWT" }) + "." + enc(claims);
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false,
    ["sign"]);
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(input)));
  return input + "." + btoa(String.fromCharCode(...sig)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}
