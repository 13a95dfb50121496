// The strict pre-parse of a compact JWS, run before any signature check: the same procedure, step for step, as the
// authorizer's lambdas/.../auth/JwtSyntax.java (its Javadoc lists the steps and the reason each one gives), held to
// one decision per token by the differential test (cloudflare/src/test/resources/tokens/corpus.json).

import { jsonObject } from "./strictjson.mjs";

/** Header parameters refused whatever their value. */
export const REFUSED_HEADERS = ["crit", "jku", "jwk", "x5u", "x5c", "b64", "cty", "zip"];
/** Header parameters that must be strings when present. */
export const STRING_HEADERS = ["alg", "kid", "typ", "x5t", "x5t#S256"];
const ACCEPTED_TYPES = ["jwt", "at+jwt", "application/at+jwt"];
const TIME_CLAIMS = ["exp", "nbf", "iat"];
const TOKEN_CHARS = /^[A-Za-z0-9_.-]*$/;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
// ignoreBOM keeps a leading U+FEFF (the default strips it silently, which the Java decoder does not)
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** A refusal of the pre-parse, with the header's alg and kid when they were read. */
export class Refused extends Error {
  constructor(reason, alg, kid) {
    super(reason);
    this.reason = reason;
    this.alg = alg;
    this.kid = kid;
  }
}

/** The bytes of canonical unpadded base64url `s` (unused bits of the last character zero); throws otherwise. */
export function base64UrlBytes(s) {
  for (let i = 0; i < s.length; i++) if (ALPHABET.indexOf(s[i]) < 0) throw new Error("not base64url");
  const rest = s.length % 4;
  if (rest === 1) throw new Error("not a base64url length");
  if (rest !== 0 && (ALPHABET.indexOf(s[s.length - 1]) & (rest === 2 ? 0b1111 : 0b11)) !== 0) {
    throw new Error("not canonical base64url");
  }
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/") + "==".slice(0, (4 - rest) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const asciiLowerCase = (s) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

function object(part, alg, kid) {
  try {
    return jsonObject(strictUtf8.decode(base64UrlBytes(part)));
  } catch {
    throw new Refused("MALFORMED", alg, kid);
  }
}

/**
 * Pre-parses a non-empty token.
 * @param {string} token
 * @param {number} maxChars           the longest token accepted (the blueprint's maxTokenBytes)
 * @param {Set<string>} algorithms    the accepted alg values; kid is required for all but HS256
 * @param {number} latestTimeSeconds  the latest accepted exp, nbf or iat (the blueprint's TokenRules)
 * @returns {{header: object, claims: object, alg: string, kid: string|undefined, signature: Uint8Array}}
 * @throws {Refused}
 */
export function preParse(token, maxChars, algorithms, latestTimeSeconds) {
  if (token.length > maxChars) throw new Refused("TOKEN_TOO_LARGE");
  if (!TOKEN_CHARS.test(token)) throw new Refused("MALFORMED");
  const parts = token.split(".");
  if (parts.length !== 3 && parts.length !== 5) throw new Refused("MALFORMED");
  const header = object(parts[0]);
  const alg = typeof header.alg === "string" ? header.alg : undefined;
  const kid = typeof header.kid === "string" ? header.kid : undefined;
  if (parts.length === 5) throw new Refused(has(header, "enc") ? "ALG_NOT_ALLOWED" : "MALFORMED", alg, kid);
  if (alg === undefined || has(header, "enc")
    || STRING_HEADERS.some((h) => has(header, h) && typeof header[h] !== "string")) {
    throw new Refused("MALFORMED", alg, kid);
  }
  if (alg === "none") throw new Refused("ALG_NONE", alg, kid);
  if (!algorithms.has(alg)) throw new Refused("ALG_NOT_ALLOWED", alg, kid);
  if (REFUSED_HEADERS.some((h) => has(header, h))) throw new Refused("HEADER_NOT_ALLOWED", alg, kid);
  if (typeof header.typ === "string" && !ACCEPTED_TYPES.includes(asciiLowerCase(header.typ))) {
    throw new Refused("TYPE_NOT_ALLOWED", alg, kid);
  }
  if (alg !== "HS256" && (kid === undefined || kid.length === 0)) throw new Refused("MISSING_KID", alg, kid);
  const claims = object(parts[1], alg, kid);
  for (const c of TIME_CLAIMS) {
    if (has(claims, c) && !(typeof claims[c] === "number" && claims[c] >= 0 && claims[c] <= latestTimeSeconds)) {
      throw new Refused("MALFORMED", alg, kid);
    }
  }
  if (has(claims, "aud") && !(typeof claims.aud === "string"
    || (Array.isArray(claims.aud) && claims.aud.every((a) => typeof a === "string")))) {
    throw new Refused("MALFORMED", alg, kid);
  }
  let signature;
  try {
    signature = base64UrlBytes(parts[2]);
  } catch {
    throw new Refused("MALFORMED", alg, kid);
  }
  if (signature.length === 0) throw new Refused("MALFORMED", alg, kid);
  return { header, claims, alg, kid, signature };
}
