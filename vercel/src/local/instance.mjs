// One function instance as a child process of dev.mjs, the deployed function's createInstance (api/switchboard.mjs)
// listening on a port: settings from SWITCHBOARD (JSON), the secret from JWT_SECRET, Redis from REDIS_URL, read by
// the same fromEnvironment; it also serves the local chat page (web.mjs). It reports its port to the parent over IPC and
// ends, after closing its connections as a stopping instance does (server.mjs close), when the parent goes away
// (the IPC channel closes when the parent dies, however it dies) or on SIGTERM, so no instance outlives a local run.

import { fileURLToPath } from "node:url";
import { fromEnvironment } from "../function/environment.mjs";
import { startInstance } from "../function/server.mjs";
import { webServer } from "./web.mjs";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const instance = await startInstance({
  ...fromEnvironment(process.env),
  serve: webServer(root + "devkit/src/main/resources/dev/switchboard/devkit/web", root + "clients/js/lib"),
  log: (line) => console.error(JSON.stringify({ instance: process.env.INSTANCE, ...line })),
});
process.send({ port: instance.port });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 5000).unref(); // Redis away: do not hang
  instance.close().finally(() => process.exit(0));
};
process.on("disconnect", stop);
process.on("SIGTERM", stop);
