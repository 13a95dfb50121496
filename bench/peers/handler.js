'use strict';
// The peer of Switchboard's reference handlers for the load benchmark, run by serverless-offline: the same protocol
// (docs/protocol.md: token on the handshake, the per-user connection cap, ?room= join with presence, send -> message to
// the other members and an ack to the sender, rate limit per connection) on the same single-table layout
// (ConnectionSchema) in dynalite, with the same bounded fan-out (64 posts in flight). Written the way a Node team would
// write it with AWS SDK v3, from docs/protocol.md and docs/data-model.md.
const crypto = require('crypto');
const { DynamoDBClient, PutItemCommand, QueryCommand, DeleteItemCommand, UpdateItemCommand, GetItemCommand } =
  require('@aws-sdk/client-dynamodb');
const { ApiGatewayManagementApiClient, PostToConnectionCommand, GetConnectionCommand } =
  require('@aws-sdk/client-apigatewaymanagementapi');

const TABLE = process.env.TABLE_NAME;
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const dynamo = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'us-east-1', credentials });
const api = new ApiGatewayManagementApiClient({ endpoint: process.env.CALLBACK_URL, region: 'us-east-1', credentials });
const SECRET = process.env.JWT_SECRET;
const CONCURRENCY = 64;
const PRESENCE_MAX = 100;
const BURST = 20;
const WINDOW_MS = 2000;
// the blueprint's limits.maxConnectionsPerUser, passed in by the benchmark (PeerServer)
const MAX_CONNECTIONS = Number(process.env.MAX_CONNECTIONS_PER_USER);
const SLOT_ATTEMPTS = 5;
const SLOT_GRACE_MS = 60000;

const S = (v) => ({ S: String(v) });
const N = (v) => ({ N: String(v) });

function verify(token) {
  const parts = (token || '').split('.');
  if (parts.length !== 3) return null;
  const sig = crypto.createHmac('sha256', SECRET).update(parts[0] + '.' + parts[1]).digest('base64url');
  const a = Buffer.from(sig);
  const b = Buffer.from(parts[2]);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return null;
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  const now = Date.now() / 1000;
  if (claims.exp < now || claims.nbf > now + 60 || claims.iss !== 'switchboard-local' || claims.aud !== 'switchboard') return null;
  return claims.sub;
}

async function members(room) {
  const out = [];
  let start;
  do {
    const r = await dynamo.send(new QueryCommand({ TableName: TABLE, ConsistentRead: true,
      KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': S('ROOM#' + room) }, ExclusiveStartKey: start }));
    for (const i of r.Items) out.push({ connectionId: i.connectionId.S, userId: i.userId.S });
    start = r.LastEvaluatedKey;
  } while (start);
  return out;
}

async function fanOut(recipients, frame, sender) {
  const data = Buffer.from(JSON.stringify(frame));
  const queue = recipients.filter((m) => m.connectionId !== sender);
  let delivered = 0;
  async function worker() {
    for (let m = queue.shift(); m; m = queue.shift()) {
      try {
        await api.send(new PostToConnectionCommand({ ConnectionId: m.connectionId, Data: data }));
        delivered++;
      } catch (e) { /* gone or failed: not counted */ }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  return delivered;
}

async function rateLimit(connectionId) {
  const now = Date.now();
  const w = Math.floor(now / WINDOW_MS);
  const Key = { pk: S('CONN#' + connectionId), sk: S('META') };
  try {
    await dynamo.send(new UpdateItemCommand({ TableName: TABLE, Key, UpdateExpression: 'SET rateCount = rateCount + :one',
      ConditionExpression: 'attribute_exists(pk) AND rateWindow = :w AND rateCount < :b',
      ExpressionAttributeValues: { ':one': N(1), ':w': N(w), ':b': N(BURST) } }));
    return true;
  } catch (e) { if (e.name !== 'ConditionalCheckFailedException') throw e; }
  try {
    await dynamo.send(new UpdateItemCommand({ TableName: TABLE, Key, UpdateExpression: 'SET rateWindow = :w, rateCount = :one',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(rateWindow) OR rateWindow < :w)',
      ExpressionAttributeValues: { ':one': N(1), ':w': N(w) } }));
    return true;
  } catch (e) { if (e.name !== 'ConditionalCheckFailedException') throw e; }
  return false;
}

// The per-user connection cap (docs/protocol.md "Per-user limits", docs/data-model.md "connection slots"): the user's
// partition holds one SLOT#n item per open connection, n from 0 to MAX_CONNECTIONS - 1. A handshake reads them
// (one consistent Query) and takes the lowest free one with a conditional PutItem; a lost race reads again.
async function slotsOf(user) {
  const r = await dynamo.send(new QueryCommand({ TableName: TABLE, ConsistentRead: true,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)',
    ExpressionAttributeValues: { ':pk': S('USER#' + user), ':s': S('SLOT#') } }));
  return r.Items;
}

function slotItem(user, n, id, ttl) {
  return { pk: S('USER#' + user), sk: S('SLOT#' + n), connectionId: S(id), ttl: N(ttl), takenAt: N(Date.now()) };
}

async function takeSlot(user, id, ttl) {
  for (let attempt = 0; attempt < SLOT_ATTEMPTS; attempt++) {
    const nowS = Math.floor(Date.now() / 1000);
    const live = new Map();
    for (const item of await slotsOf(user)) {
      if (Number(item.ttl.N) >= nowS) live.set(Number(item.sk.S.substring(5)), item);
    }
    let n = 0;
    while (n < MAX_CONNECTIONS && live.has(n)) n++;
    try {
      if (n < MAX_CONNECTIONS) {
        await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: slotItem(user, n, id, ttl),
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': 'ttl' }, ExpressionAttributeValues: { ':now': N(nowS) } }));
        return true;
      }
      const gone = await goneHolder(live);
      if (gone === undefined) return false;
      await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: slotItem(user, gone.n, id, ttl),
        ConditionExpression: 'connectionId = :holder', ExpressionAttributeValues: { ':holder': gone.holder } }));
      return true;
    } catch (e) {
      if (e.name !== 'ConditionalCheckFailedException') throw e;
    }
  }
  return false;
}

// At the cap: a slot taken over a minute ago whose holder has no live connection record, or that the management API
// answers 410 for, belongs to a connection whose $disconnect was lost.
async function goneHolder(live) {
  const nowMs = Date.now();
  for (const [n, item] of live) {
    if (nowMs - Number(item.takenAt.N) < SLOT_GRACE_MS) continue;
    const holder = item.connectionId;
    const record = await dynamo.send(new GetItemCommand({ TableName: TABLE, ConsistentRead: true,
      Key: { pk: S('CONN#' + holder.S), sk: S('META') } }));
    if (!record.Item || Number(record.Item.ttl.N) < nowMs / 1000) return { n, holder };
    try {
      await api.send(new GetConnectionCommand({ ConnectionId: holder.S }));
    } catch (e) {
      if (e.name === 'GoneException') return { n, holder };
    }
  }
  return undefined;
}

async function giveSlotBack(user, id) {
  for (const item of await slotsOf(user)) {
    if (item.connectionId.S !== id) continue;
    try {
      await dynamo.send(new DeleteItemCommand({ TableName: TABLE, Key: { pk: item.pk, sk: item.sk },
        ConditionExpression: 'connectionId = :me', ExpressionAttributeValues: { ':me': S(id) } }));
    } catch (e) {
      if (e.name !== 'ConditionalCheckFailedException') throw e;
    }
  }
}

async function reply(connectionId, frame) {
  await api.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(JSON.stringify(frame)) }));
}

exports.connect = async (event) => {
  const q = event.queryStringParameters || {};
  const user = verify(q.token);
  if (!user) return { statusCode: 401 };
  const id = event.requestContext.connectionId;
  const ttl = Math.floor(Date.now() / 1000) + 3 * 3600;
  if (!(await takeSlot(user, id, ttl))) {
    return { statusCode: 429, body: JSON.stringify({ type: 'error', code: 'TOO_MANY_CONNECTIONS',
      message: 'at most ' + MAX_CONNECTIONS + ' open connections per user' }) };
  }
  try {
    await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('CONN#' + id), sk: S('META'),
      gsi1pk: S('USER#' + user), gsi1sk: S('CONN#' + id), connectionId: S(id), userId: S(user),
      connectedAt: N(Date.now()), region: S('us-east-1'), callbackUrl: S(process.env.CALLBACK_URL), ttl: N(ttl) } }));
  } catch (e) {
    await giveSlotBack(user, id);
    return { statusCode: 500 };
  }
  if (q.room) {
    const before = await members(q.room);
    await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('CONN#' + id), sk: S('ROOM#' + q.room),
      connectionId: S(id), userId: S(user), room: S(q.room), ttl: N(ttl) } }));
    await dynamo.send(new PutItemCommand({ TableName: TABLE, Item: { pk: S('ROOM#' + q.room), sk: S('CONN#' + id),
      connectionId: S(id), userId: S(user), region: S('us-east-1'), callbackUrl: S(process.env.CALLBACK_URL),
      room: S(q.room), ttl: N(ttl) } }));
    const users = new Set(before.map((m) => m.userId));
    if (!users.has(user) && users.size + 1 <= PRESENCE_MAX) {
      await fanOut(before, { type: 'presence', room: q.room, user, event: 'join' }, id);
    }
  }
  return { statusCode: 200 };
};

exports.disconnect = async (event) => {
  const id = event.requestContext.connectionId;
  const rooms = await dynamo.send(new QueryCommand({ TableName: TABLE, ConsistentRead: true,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :r)',
    ExpressionAttributeValues: { ':pk': S('CONN#' + id), ':r': S('ROOM#') } }));
  for (const item of rooms.Items) {
    const room = item.sk.S.substring(5);
    await dynamo.send(new DeleteItemCommand({ TableName: TABLE, Key: { pk: S('ROOM#' + room), sk: S('CONN#' + id) } }));
    await dynamo.send(new DeleteItemCommand({ TableName: TABLE, Key: { pk: S('CONN#' + id), sk: S('ROOM#' + room) } }));
  }
  // no authorizer here (serverless.yml: noAuth), so the user comes from the record this delete returns
  const record = await dynamo.send(new DeleteItemCommand({ TableName: TABLE, ReturnValues: 'ALL_OLD',
    Key: { pk: S('CONN#' + id), sk: S('META') } }));
  if (record.Attributes) await giveSlotBack(record.Attributes.userId.S, id);
  return { statusCode: 200 };
};

exports.send = async (event) => {
  const id = event.requestContext.connectionId;
  let frame;
  try { frame = JSON.parse(event.body); } catch (e) { return { statusCode: 200 }; }
  if (!(await rateLimit(id))) {
    await reply(id, { type: 'error', code: 'RATE_LIMITED', message: 'too many messages' });
    return { statusCode: 200 };
  }
  const me = await dynamo.send(new GetItemCommand({ TableName: TABLE, ConsistentRead: true,
    Key: { pk: S('CONN#' + id), sk: S('META') } }));
  const user = me.Item ? me.Item.userId.S : 'unknown';
  const list = await members(frame.room);
  if (!list.some((m) => m.connectionId === id)) {
    await reply(id, { type: 'error', code: 'NOT_A_MEMBER', message: 'join first' });
    return { statusCode: 200 };
  }
  const msgId = event.requestContext.messageId || crypto.randomUUID();
  const delivered = await fanOut(list, { type: 'message', room: frame.room, from: user, id: msgId, ts: Date.now(),
    data: frame.data }, id);
  await reply(id, { type: 'ack', id: msgId, delivered });
  return { statusCode: 200 };
};

// ping: no table access; the pong is the route response (serverless.yml: routeResponseSelectionExpression $default)
exports.ping = async (event) => ({ statusCode: 200,
  body: JSON.stringify({ type: 'pong', connectionId: event.requestContext.connectionId }) });

exports.fallback = async (event) => {
  await reply(event.requestContext.connectionId, { type: 'error', code: 'UNKNOWN_ACTION', message: 'unknown action' });
  return { statusCode: 200 };
};
