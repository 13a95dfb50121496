// The identity the Worker hands to a connection shard with the upgrade: the verified user id and the room to join.
// It rides in one header as base64url of UTF-8 JSON, because header values are not a faithful carrier of arbitrary
// strings: the Fetch standard strips leading and trailing HTTP whitespace from them and refuses NUL, CR and LF
// (https://fetch.spec.whatwg.org/#concept-header-value-normalize), so a raw "alice " arrived as "alice". Base64url has
// none of those characters, and decoding is strict (canonical base64url, fatal UTF-8), so the shard reads exactly the
// string the verifier allowed or refuses the request.

import { base64UrlBytes } from "./jwtsyntax.mjs";

/** The header on the Worker-to-shard upgrade (clients cannot reach a Durable Object directly). */
export const IDENTITY_HEADER = "x-switchboard-identity";

const identityEncoder = new TextEncoder();
const identityUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The header value for `user` (and `room`, or null). */
export function encodeIdentity(user, room) {
  const bytes = identityEncoder.encode(JSON.stringify({ u: user, r: room ?? null }));
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** `{ user, room }` from a header value made by encodeIdentity; throws on anything else. */
export function decodeIdentity(value) {
  if (typeof value !== "string") throw new Error(`no ${IDENTITY_HEADER}`);
  const v = JSON.parse(identityUtf8.decode(base64UrlBytes(value)));
  if (typeof v?.u !== "string" || (v.r !== null && typeof v.r !== "string")) {
    throw new Error(`${IDENTITY_HEADER} is not an identity`);
  }
  return { user: v.u, room: v.r };
}
