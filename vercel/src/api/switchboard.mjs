// The deployed function. Vercel routes every path here (vercel.json's rewrite) and this module hands Vercel the
// instance's HTTP server, built by the same createInstance as the local run's instances (function/server.mjs), so the
// upgrade, the token check and the protocol are one code path in both places. What differs is who drives the server:
// locally startInstance listens on a port; here the server is exported unlistened and Vercel's Node.js runtime feeds
// it the requests and the upgrade, the shape Vercel gives for `ws`: "export an http.Server" (vercel/vercel-plugin,
// skills/vercel-functions/SKILL.md, "WebSockets", "`ws` (no extra config)", after
// https://vercel.com/docs/functions/websockets). `experimental_upgradeWebSocket` from `@vercel/functions` is the
// Next.js route-handler form of the upgrade and throws outside Vercel's runtime; it is not used, so this module runs
// unchanged under plain Node (DeployedEntryTest).
//
// Vercel sends SIGTERM before it stops an instance (https://vercel.com/docs/functions/functions-api-reference,
// graceful shutdown): the instance then closes its connections with 1001 and removes them from Redis, as a stopping
// local instance does.

import { fromEnvironment } from "../function/environment.mjs";
import { createInstance } from "../function/server.mjs";

const instance = await createInstance(fromEnvironment(process.env));
process.once("SIGTERM", () => instance.close());

export default instance.server;
