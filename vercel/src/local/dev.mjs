// `./switchboard local --platform vercel` after the Java side rendered the settings and started redis-server:
// forks INSTANCES function instances (instance.mjs) and the front (front.mjs) on PORT, then prints one JSON line
// {"port": P, "instances": [p1, p2, ...], "pids": [..]} on stdout. Environment: SWITCHBOARD, JWT_SECRET, REDIS_URL, PORT,
// INSTANCES (default 2). It ends, and its instances with it, when its stdin closes or on SIGTERM/SIGINT.

import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startFront } from "./front.mjs";

const count = Number.parseInt(process.env.INSTANCES ?? "2", 10);
const children = [];
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  let left = running.length;
  if (left === 0) process.exit(code);
  for (const c of running) {
    c.once("exit", () => --left === 0 && process.exit(code)); // instances close their connections first
    c.kill("SIGTERM");
  }
  setTimeout(() => process.exit(code), 6000).unref();
};
for (const sig of ["SIGTERM", "SIGINT", "SIGHUP"]) process.on(sig, () => stop(0));
process.stdin.on("end", () => stop(0));
process.stdin.on("error", () => stop(0));
process.stdin.resume();

const live = []; // the ports the front pins new connections to
const ports = await Promise.all(Array.from({ length: count }, (_, i) => new Promise((resolve, reject) => {
  const child = fork(fileURLToPath(new URL("./instance.mjs", import.meta.url)), [],
    { env: { ...process.env, INSTANCE: String(i) }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  children.push(child);
  let port = null;
  child.once("message", (m) => resolve((port = m.port)));
  child.once("exit", (code, signal) => {
    if (stopping) return;
    if (port === null) {
      reject(new Error(`instance ${i} exited with ${code ?? signal} before it listened`));
      stop(1);
      return;
    }
    // as on Vercel, a crashed instance's connections are gone and new ones go to the others (the others sweep its
    // members from Redis: sweeper.mjs); the run ends when none is left
    console.error(JSON.stringify({ event: "instance-exited", instance: i, code, signal }));
    live.splice(live.indexOf(port), 1);
    if (live.length === 0) stop(1);
  });
})));
live.push(...ports);
const front = await startFront(Number.parseInt(process.env.PORT ?? "0", 10), live);
console.log(JSON.stringify({ port: front.address().port, instances: ports, pids: children.map((c) => c.pid) }));
