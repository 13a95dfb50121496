// The local stand-in for Vercel's edge in front of function instances: every TCP connection (so every WebSocket
// upgrade) is pinned to one instance for its whole life, round-robin, as Vercel pins a WebSocket connection to one
// function instance (vercel.com/docs/functions/websockets). Bytes pass through untouched.

import { createServer, connect } from "node:net";

/** Listens on 127.0.0.1:`port` and pins each connection to the next of `ports`; resolves to the server. */
export function startFront(port, ports) {
  let next = 0;
  const server = createServer((client) => {
    const upstream = connect(ports[next++ % ports.length], "127.0.0.1");
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
    client.on("close", end);
    upstream.on("close", end);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
