// Drives Microsoft's @azure/web-pubsub-client against the local Web PubSub for WebPubSubClientTest.
// argv: <client access URL> <group> <protocol: reliable|json>. Prints one JSON line per thing that happens;
// exits when its stdin closes (the test JVM ends), so it never outlives the test.
const { WebPubSubClient, WebPubSubJsonProtocol, WebPubSubJsonReliableProtocol } = require("@azure/web-pubsub-client");

const [url, group, protocol] = process.argv.slice(2);
const print = (o) => process.stdout.write(JSON.stringify(o) + "\n");
const client = new WebPubSubClient(url, {
  protocol: protocol === "json" ? WebPubSubJsonProtocol() : WebPubSubJsonReliableProtocol(),
  autoReconnect: false,
  // a refused request fails at once instead of after the client's three retries (1 s apart by default)
  messageRetryOptions: { maxRetries: 0 },
});
client.on("connected", (e) => print({ event: "connected", connectionId: e.connectionId, userId: e.userId }));
client.on("disconnected", (e) => print({ event: "disconnected", message: e.message }));
client.on("group-message", (e) => print({ event: "group-message", group: e.message.group,
  dataType: e.message.dataType, data: e.message.data, fromUserId: e.message.fromUserId }));
client.on("server-message", (e) => print({ event: "server-message", dataType: e.message.dataType,
  data: e.message.data }));

(async () => {
  try {
    await client.start();
    await client.joinGroup(group);
    print({ event: "joined", group });
    await client.sendToGroup(group, { hello: "from node" }, "json", { noEcho: true });
    print({ event: "sent", group });
  } catch (e) {
    print({ event: "error", message: String(e && e.message || e), name: e && e.name, detail: e && e.errorDetail });
  }
})();
process.stdin.on("end", () => {
  try {
    client.stop();
  } finally {
    process.exit(0);
  }
});
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
