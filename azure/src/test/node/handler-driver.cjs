// Runs Microsoft's @azure/web-pubsub-express as the event handler behind the local Web PubSub, for
// EventHandlerTest. argv: <hub> <primary key> <secondary key> [allowed endpoint]. Listens on a free port of
// 127.0.0.1 and prints "LISTENING <port>", then one JSON line per event it handled. Each line says whether the
// event's ce-signature matches the documented formula (hex HMAC-SHA256 of the connection id with each access key,
// reference-cloud-events), computed here with Node's crypto, independently of the emulation's Java code.
// Exits when its stdin closes.
const crypto = require("node:crypto");
const express = require("express");
const { WebPubSubEventHandler } = require("@azure/web-pubsub-express");

const [hub, primary, secondary, allowed] = process.argv.slice(2);
const print = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const signed = (ctx) => {
  const expected = [primary, secondary].map((k) =>
    "sha256=" + crypto.createHmac("sha256", k).update(ctx.connectionId).digest("hex"));
  const got = (ctx.signature || "").split(",");
  return expected.every((e) => got.includes(e));
};
const handler = new WebPubSubEventHandler(hub, {
  path: "/eventhandler",
  allowedEndpoints: allowed ? [allowed] : undefined,
  handleConnect: (req, res) => {
    print({ event: "connect", connectionId: req.context.connectionId, query: req.queries,
      subprotocols: req.subprotocols, signed: signed(req.context), origin: req.context.origin });
    const user = req.queries && req.queries.user && req.queries.user[0];
    if (!user) {
      res.fail(401, "no user");
    } else if (user === "slow") {
      setTimeout(() => res.success({ userId: user }), 2000);
    } else {
      res.setState("greeting", "hi " + user);
      const custom = (req.subprotocols || []).includes("custom.v1") ? { subprotocol: "custom.v1" } : {};
      res.success({ userId: user, groups: ["lobby"], roles: ["webpubsub.sendToGroup.lobby"], ...custom });
    }
  },
  handleUserEvent: (req, res) => {
    print({ event: "user", name: req.context.eventName, userId: req.context.userId, data: req.data,
      dataType: req.dataType, state: req.context.states, signed: signed(req.context) });
    if (req.data === "fail") {
      res.fail(500, "asked to fail");
    } else {
      res.success("echo: " + req.data, "text");
    }
  },
  onConnected: (req) => print({ event: "connected", userId: req.context.userId, signed: signed(req.context) }),
  onDisconnected: (req) => print({ event: "disconnected", userId: req.context.userId, reason: req.reason,
    signed: signed(req.context) }),
});
const app = express();
app.use((req, res, next) => {
  if (req.method === "OPTIONS") {
    print({ event: "options", path: req.path, origin: req.headers["webhook-request-origin"] });
  }
  next();
});
app.use(handler.getMiddleware());
const server = app.listen(0, "127.0.0.1", () => print({ event: "listening", port: server.address().port }));
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
