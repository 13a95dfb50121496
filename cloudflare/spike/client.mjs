// Spike client: one message, then (with --idle SECONDS) another after the object had time to hibernate.
import WebSocket from "ws";
const idle = Number(process.argv[process.argv.indexOf("--idle") + 1] || 0) * 1000;
const ws = new WebSocket("ws://127.0.0.1:8799/");
let replies = 0;
ws.on("open", () => ws.send("hello"));
ws.on("message", (m) => {
  console.log("got", m.toString());
  if (++replies === 1 && idle) setTimeout(() => ws.send("after idle"), idle);
  else ws.close();
});
ws.on("error", (e) => { console.error("error", e.message); process.exit(1); });
