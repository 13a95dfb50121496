// Spike: a SQLite-backed Durable Object that accepts WebSockets through the Hibernation API.
// `constructed` lives in the isolate, so it counts how often workerd built the object anew (after an eviction).
let constructed = 0;
export class Echo {
  constructor(ctx, env) {
    this.ctx = ctx;
    constructed++;
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS seen (n INTEGER)");
  }
  async fetch(request) {
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], ["spike"]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }
  webSocketMessage(ws, message) {
    this.ctx.storage.sql.exec("INSERT INTO seen VALUES (1)");
    const n = this.ctx.storage.sql.exec("SELECT count(*) AS n FROM seen").one().n;
    ws.send(JSON.stringify({ echo: message, seen: n, constructed, tags: this.ctx.getTags(ws) }));
  }
}
export default {
  fetch(request, env) {
    return env.ECHO.get(env.ECHO.idFromName("spike")).fetch(request);
  },
};
