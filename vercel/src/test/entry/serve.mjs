// DeployedEntryTest's harness: loads the deployed function (api/switchboard.mjs) as Vercel's Node.js runtime would,
// from SWITCHBOARD, JWT_SECRET and REDIS_URL, checks that it exported an http.Server nobody listens on yet, then
// stands in for Vercel's runtime by listening on a free port of 127.0.0.1 and prints {"port": P}. When its stdin
// closes (the test is done, or the JVM died) it raises SIGTERM, as Vercel does before it stops an instance.

import { Server } from "node:http";

const { default: server } = await import("../../api/switchboard.mjs");
if (!(server instanceof Server) || server.listening) {
  console.error("api/switchboard.mjs must export an http.Server that is not listening, got " + server);
  process.exit(2);
}
server.listen(0, "127.0.0.1", () => console.log(JSON.stringify({ port: server.address().port })));
process.stdin.on("end", () => {
  setTimeout(() => process.exit(0), 3000).unref(); // Redis away: do not hang
  process.kill(process.pid, "SIGTERM");
});
process.stdin.resume();
