// The Worker's side of the token differential test (TokenCorpusDifferentialTest): reads
// { settings, secret, jwks, nowMillis, tokens } as JSON on stdin, runs every token through the Worker's own verifier
// (jwt.mjs, built from the rendered settings as index.mjs builds it) and writes one { reason, sub } per token as a
// JSON array on stdout. Not a *.test.mjs: WorkerdSuiteTest does not run it.
import { settings } from "../../worker/config.mjs";
import { verifierOf } from "../../worker/jwt.mjs";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { settings: rendered, secret, jwks, nowMillis, tokens } = JSON.parse(input);
const verify = verifierOf(settings({ SWITCHBOARD: rendered }), secret, {
  now: () => nowMillis,
  fetch: async () => new Response(jwks, { headers: { "content-type": "application/json" } }),
});
const out = [];
for (const token of tokens) {
  const d = await verify(token);
  out.push(d.ok ? { reason: d.reason, sub: d.sub } : { reason: d.reason });
}
process.stdout.write(JSON.stringify(out));
