// Verifies the handshake's JWT with WebCrypto, with the checks of the Lambda authorizer (lambdas/.../auth/JwtVerifier):
// size before parsing; a compact JWS (not alg none, not a JWE); HS256 only against the secret, RS256/ES256 only
// against JWKS keys of the matching type and curve (no algorithm confusion); typ absent, JWT or at+jwt; kid required
// for RS256/ES256; no crit or b64 header; the signature; then exp (required), nbf, iat with 30 s of skew, iss, aud,
// and sub (a non-blank string of at most 256 characters). Claims are judged only once the signature verified.

export const CLOCK_SKEW_SECONDS = 30;
export const MAX_SUBJECT_CHARS = 256;
export const JWKS_CACHE_MILLIS = 10 * 60 * 1000;
export const JWKS_MIN_REFETCH_MILLIS = 30 * 1000;
export const JWKS_MAX_BYTES = 64 * 1024;
export const JWKS_TIMEOUT_MILLIS = 4000;

const ACCEPTED_TYPES = ["jwt", "at+jwt", "application/at+jwt"];
const B64URL = /^[A-Za-z0-9_-]*$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

/** A decision: ok with the user id, or a stable reason (the same names as the authorizer's Reason enum). */
export const allow = (sub, alg, kid) => ({ ok: true, reason: "OK", sub, alg, kid });
export const deny = (reason, alg, kid) => ({ ok: false, reason, alg, kid });

/** The JWKS could not be fetched: the handshake answers 500, as the authorizer's failure does. */
export class VerifierUnavailable extends Error {}

function b64urlBytes(s) {
  if (!B64URL.test(s) || s.length % 4 === 1) throw new Error("not base64url");
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

function jsonObject(part) {
  const v = JSON.parse(utf8.decode(b64urlBytes(part)));
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new Error("not a JSON object");
  return v;
}

/**
 * @param {object} options
 * @param {string|undefined} options.secret   HS256 secret (at least 32 bytes), or undefined to refuse HS256
 * @param {string|undefined} options.jwksUrl  JWKS URL for RS256/ES256, or undefined to refuse them
 * @param {string} options.issuer             required iss
 * @param {string} options.audience           required member of aud
 * @param {number} options.maxTokenBytes      longest token accepted (the blueprint's maxTokenBytes)
 * @param {Function} [options.fetch]          fetch for the JWKS
 * @param {Function} [options.now]            epoch milliseconds
 */
export function verifier(options) {
  const { secret, jwksUrl, issuer, audience, maxTokenBytes } = options;
  if (!secret && !jwksUrl) throw new Error("configure JWT_SECRET, a jwksUrl, or both");
  if (secret && encoder.encode(secret).length < 32) throw new Error("JWT_SECRET has fewer than 32 bytes");
  const now = options.now ?? (() => Date.now());
  const doFetch = options.fetch ?? ((u, i) => fetch(u, i));
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
    if (encoder.encode(token).length > maxTokenBytes) return deny("TOKEN_TOO_LARGE");
    const parts = token.split(".");
    if (parts.length !== 3 && parts.length !== 5) return deny("MALFORMED");
    let header;
    try {
      header = jsonObject(parts[0]);
    } catch {
      return deny("MALFORMED");
    }
    const alg = typeof header.alg === "string" ? header.alg : undefined;
    const kid = typeof header.kid === "string" ? header.kid : undefined;
    if (parts.length === 5) return "enc" in header ? deny("ALG_NOT_ALLOWED", alg, kid) : deny("MALFORMED", alg, kid);
    if (alg === undefined) return deny("MALFORMED");
    if (alg === "none") return deny("ALG_NONE", alg, kid);
    const hmac = alg === "HS256";
    if (hmac ? !secret : !((alg === "RS256" || alg === "ES256") && jwksUrl)) return deny("ALG_NOT_ALLOWED", alg, kid);
    if ("typ" in header && (typeof header.typ !== "string" || !ACCEPTED_TYPES.includes(header.typ.toLowerCase()))) {
      return deny("TYPE_NOT_ALLOWED", alg, kid);
    }
    if (!hmac && (kid === undefined || kid.trim() === "")) return deny("MISSING_KID", alg, kid);
    if ("b64" in header) return deny("MALFORMED", alg, kid);
    let claims;
    try {
      claims = jsonObject(parts[1]);
    } catch {
      return deny("MALFORMED", alg, kid);
    }
    if (parts[2].length === 0) return deny("MALFORMED", alg, kid);
    for (const c of ["exp", "nbf", "iat"]) {
      if (c in claims && typeof claims[c] !== "number") return deny("MALFORMED", alg, kid);
    }
    if ("crit" in header) return deny("BAD_SIGNATURE", alg, kid); // no extension is understood
    let signature;
    try {
      signature = b64urlBytes(parts[2]);
    } catch {
      return deny("BAD_SIGNATURE", alg, kid); // e.g. a truncated signature
    }
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
    const reason = claimProblem(claims, now() / 1000, issuer, audience);
    return reason ? deny(reason, alg, kid) : allow(claims.sub, alg, kid);
  };
}

/** The reason the claims are refused, or null. */
export function claimProblem(claims, nowSeconds, issuer, audience) {
  if (claims.exp === undefined) return "MISSING_EXPIRY";
  if (nowSeconds > claims.exp + CLOCK_SKEW_SECONDS) return "EXPIRED";
  if (claims.nbf !== undefined && nowSeconds + CLOCK_SKEW_SECONDS < claims.nbf) return "NOT_YET_VALID";
  if (claims.iat !== undefined && nowSeconds + CLOCK_SKEW_SECONDS < claims.iat) return "ISSUED_IN_FUTURE";
  if (claims.iss !== issuer) return "WRONG_ISSUER";
  const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!aud.includes(audience)) return "WRONG_AUDIENCE";
  if (typeof claims.sub !== "string" || claims.sub.trim() === "") return "MISSING_SUBJECT";
  if (claims.sub.length > MAX_SUBJECT_CHARS) return "SUBJECT_TOO_LONG";
  return null;
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
