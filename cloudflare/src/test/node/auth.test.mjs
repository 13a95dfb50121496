// The token check on the upgrade against the malicious-token classes of the Lambda authorizer's test
// (lambdas/src/test/.../AuthorizerHandlerMaliciousTokensTest.java): each is refused with 403 and the log names the
// same reason, never the token. The Worker here has both the HS256 secret and a JWKS (RSA, EC P-256, EC P-384 and a
// symmetric key) served on 127.0.0.1.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import {
  KEYS, SECRET, SETTINGS, claims, connect, es256, hs256, rs256, startJwks, startWorkerd,
} from "./harness.mjs";

let w;
let jwks;
before(async () => {
  jwks = await startJwks();
  w = await startWorkerd();
});
after(async () => {
  await w?.stop();
  await jwks?.close();
});

const b64 = (s) => Buffer.from(s).toString("base64url");
const valid = (extra) => claims("mallory", extra);
const now = Math.floor(Date.now() / 1000);
const macWith = (key, payload, header) => {
  const input = b64(JSON.stringify({ alg: "HS256", ...header })) + "." + b64(JSON.stringify(payload));
  return input + "." + createHmac("sha256", key).update(input).digest("base64url");
};

const cases = [
  ["alg none, unsigned", () => b64('{"alg":"none","typ":"JWT"}') + "." + b64(JSON.stringify(valid())) + ".", "ALG_NONE"],
  ["alg None (case games) with an HS256 signature",
    () => { const t = hs256(valid()); return b64('{"alg":"None"}') + t.slice(t.indexOf(".")); }, "ALG_NOT_ALLOWED"],
  ["HS256 signed with the RSA public key (alg confusion)",
    () => macWith(KEYS.rsa.publicKey.export({ type: "spki", format: "der" }), valid(), { kid: "rsa-1" }),
    "BAD_SIGNATURE"],
  ["HS256 signed with the JWKS's symmetric key, kid pointing at it",
    () => macWith("a-symmetric-key-in-the-jwks-32-bytes!!", valid(), { kid: "oct-1" }), "BAD_SIGNATURE"],
  ["PS256 (not an accepted algorithm)", () => {
    const t = rs256(valid(), { kid: "rsa-1" });
    return b64('{"alg":"PS256","kid":"rsa-1"}') + t.slice(t.indexOf("."));
  }, "ALG_NOT_ALLOWED"],
  ["expired", () => hs256(valid({ iat: now - 600, nbf: now - 600, exp: now - 120 })), "EXPIRED"],
  ["not yet valid", () => hs256(valid({ nbf: now + 120 })), "NOT_YET_VALID"],
  ["issued in the future", () => hs256(valid({ iat: now + 3600 })), "ISSUED_IN_FUTURE"],
  ["no exp", () => hs256(valid({ exp: undefined })), "MISSING_EXPIRY"],
  ["wrong issuer", () => hs256(valid({ iss: "https://evil.test" })), "WRONG_ISSUER"],
  ["no issuer", () => hs256(valid({ iss: undefined })), "WRONG_ISSUER"],
  ["wrong audience", () => hs256(valid({ aud: "someone-else" })), "WRONG_AUDIENCE"],
  ["missing sub", () => hs256(valid({ sub: undefined })), "MISSING_SUBJECT"],
  ["numeric sub", () => hs256(valid({ sub: 42 })), "MISSING_SUBJECT"],
  ["blank sub", () => hs256(valid({ sub: "  " })), "MISSING_SUBJECT"],
  ["sub longer than 256 characters", () => hs256(valid({ sub: "a".repeat(257) })), "SUBJECT_TOO_LONG"],
  ["exp is a string", () => hs256(valid({ exp: "tomorrow" })), "MALFORMED"],
  ["bad signature: payload swapped for another user's", () => {
    const p = hs256(valid()).split(".");
    return p[0] + "." + b64(JSON.stringify(valid({ sub: "admin" }))) + "." + p[2];
  }, "BAD_SIGNATURE"],
  ["truncated signature (37 characters: not a base64url length)",
    () => { const t = hs256(valid()); return t.slice(0, -6); }, "MALFORMED"],
  ["truncated signature (a base64url length)", () => { const t = hs256(valid()); return t.slice(0, -7); },
    "BAD_SIGNATURE"],
  ["signature stripped", () => { const t = hs256(valid()); return t.slice(0, t.lastIndexOf(".") + 1); }, "MALFORMED"],
  ["truncated payload", () => {
    const p = hs256(valid()).split(".");
    return p[0] + "." + p[1].slice(0, p[1].length / 2) + "." + p[2];
  }, "MALFORMED"],
  ["wrong secret", () => hs256(valid(), {}, "another-secret-that-is-32-bytes-long!!"), "BAD_SIGNATURE"],
  ["HS256 with a kid path traversal, signed with another secret",
    () => macWith(Buffer.alloc(32), valid(), { kid: "../../../../dev/null" }), "BAD_SIGNATURE"],
  ["oversized (> maxTokenBytes)", () => hs256(valid({ pad: "x".repeat(SETTINGS.limits.maxTokenBytes) })),
    "TOKEN_TOO_LARGE"],
  ["garbage", () => "not-a-jwt", "MALFORMED"],
  ["whitespace", () => "   ", "MALFORMED"],
  ["extra dots", () => hs256(valid()) + ".extra", "MALFORMED"],
  ["base64 junk", () => "!!!.@@@.###", "MALFORMED"],
  ["header only", () => b64('{"alg":"HS256"}'), "MALFORMED"],
  ["payload not JSON", () => b64('{"alg":"HS256"}') + "." + b64("hello") + "." + b64("sig"), "MALFORMED"],
  ["header not JSON", () => b64("alg=HS256") + "." + b64("{}") + "." + b64("sig"), "MALFORMED"],
  ["typ is not a JWT", () => hs256(valid(), { typ: "secevent+jwt" }), "TYPE_NOT_ALLOWED"],
  ["JWE instead of JWS", () => [b64('{"alg":"RSA-OAEP-256","enc":"A128GCM"}'), "a", "b", "c", "d"].join("."),
    "ALG_NOT_ALLOWED"],
  ["unknown kid against the JWKS", () => rs256(valid(), { kid: "rotated-away" }, KEYS.attackerRsa.privateKey),
    "UNKNOWN_KEY"],
  ["RS256 kid path traversal", () => rs256(valid(), { kid: "../../etc/passwd" }), "UNKNOWN_KEY"],
  ["RS256 without kid", () => rs256(valid(), {}), "MISSING_KID"],
  ["RS256 with a known kid, signed by another key", () => rs256(valid(), { kid: "rsa-1" },
    KEYS.attackerRsa.privateKey), "BAD_SIGNATURE"],
  ["RS256 carrying the attacker's own key in jwk and jku headers", () => rs256(valid(), {
    kid: "rsa-1", jwk: KEYS.attackerRsa.publicKey.export({ format: "jwk" }), jku: "http://127.0.0.1:1/attacker.json",
  }, KEYS.attackerRsa.privateKey), "HEADER_NOT_ALLOWED"],
  ["RS256 with the kid of the EC key", () => rs256(valid(), { kid: "ec-1" }), "UNKNOWN_KEY"],
  ["ES256 with a known kid, signed by another key", () => es256(valid(), { kid: "ec-1" }, KEYS.attackerEc.privateKey),
    "BAD_SIGNATURE"],
  ["ES256 over the wrong curve (P-384 key in the JWKS)", () => es256(valid(), { kid: "ec-384" },
    KEYS.ecP384.privateKey), "UNKNOWN_KEY"],
  ["ES256 with an all-zero signature (psychic signature)", () => {
    const t = es256(valid(), { kid: "ec-1" });
    return t.slice(0, t.lastIndexOf(".") + 1) + Buffer.alloc(64).toString("base64url");
  }, "BAD_SIGNATURE"],
  ["five parts of junk (JWE-shaped)", () => "a.b.c.d.e", "MALFORMED"],
  ["unencoded payload (b64: false)", () => hs256(valid(), { b64: false, crit: ["b64"] }), "HEADER_NOT_ALLOWED"],
  ["crit header the verifier does not understand", () => hs256(valid(), { "exp-policy": "x", crit: ["exp-policy"] }),
    "HEADER_NOT_ALLOWED"],
];

for (const [name, make, reason] of cases) {
  test(`refused: ${name}`, async () => {
    const token = make();
    const before = w.events((e) => e.event === "authorize").length;
    await assert.rejects(connect(w.url, token), (e) => e.status === 403);
    const decisions = await w.eventsAfter(before, (e) => e.event === "authorize");
    assert.equal(decisions.length, before + 1, "one decision logged");
    assert.equal(decisions.at(-1).outcome, "DENY");
    assert.equal(decisions.at(-1).reason, reason);
    if (token.trim().length > 12) assert.ok(!w.logs.join("\n").includes(token), "the token is never logged");
  });
}

test("valid HS256, RS256 and ES256 tokens connect; the JWKS is fetched once and cached", async () => {
  for (const t of [hs256(valid()), rs256(valid(), { kid: "rsa-1" }), es256(valid(), { kid: "ec-1" }),
    rs256(valid({ aud: ["other", SETTINGS.auth.audience] }), { kid: "rsa-1", typ: "at+jwt" })]) {
    const ws = await connect(w.url, t);
    ws.close();
  }
  assert.ok(jwks.fetches() >= 1 && jwks.fetches() <= 3, `JWKS fetched ${jwks.fetches()} times`);
});

test("the HS256 secret of the test really is the one the Worker checks against", () => {
  assert.ok(SECRET.length >= 32);
});
