// The Switchboard protocol (docs/protocol.md): frames, validation and error codes, shared by the Durable Objects.

/** Stable error codes; clients switch on these. */
export const Code = Object.freeze({
  BAD_JSON: "BAD_JSON",
  UNKNOWN_ACTION: "UNKNOWN_ACTION",
  MISSING_FIELD: "MISSING_FIELD",
  NOT_A_MEMBER: "NOT_A_MEMBER",
  RATE_LIMITED: "RATE_LIMITED",
  TOO_LARGE: "TOO_LARGE",
  TOO_MANY_CONNECTIONS: "TOO_MANY_CONNECTIONS",
  INTERNAL: "INTERNAL",
});

/** The actions this Worker implements; the blueprint's routes select which of them are served. */
export const BUILT_IN_ACTIONS = Object.freeze(["join", "leave", "send", "whisper", "ping", "members"]);

/** Actions that count against the connection's rate limit (ping does not). */
export const RATE_LIMITED_ACTIONS = new Set(["join", "leave", "send", "whisper", "members"]);

import { userIdProblem } from "./userid.mjs";

const ROOM = /^[A-Za-z0-9_.:@-]{1,128}$/;
const MAX_CID_CHARS = 64;
const MAX_CURSOR_USER_CHARS = 256; // a bound on the cursor's text; the user it names is only compared, never trusted
const utf8Encoder = new TextEncoder();

/** A protocol error: answered as an error frame, the connection stays open. */
export class ProtocolError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

export function missing(field, what) {
  return new ProtocolError(Code.MISSING_FIELD, `'${field}' must be ${what}`);
}

export function errorFrame(code, message) {
  return { type: "error", code, message };
}

export function validRoom(room) {
  return typeof room === "string" && ROOM.test(room);
}

/** The frame's `room`, or MISSING_FIELD. */
export function requireRoom(frame) {
  if (!validRoom(frame.room)) throw missing("room", "1-128 letters, digits or _ - . : @");
  return frame.room;
}

/** The frame's `to`: a valid user id under `rule` (the settings' userIds), or MISSING_FIELD. */
export function requireUser(frame, field, rule) {
  const v = frame[field];
  if (userIdProblem(rule, v) !== null) {
    throw missing(field, `a user id (1-${rule.maxChars} characters, no control characters, no whitespace at either`
      + " end)");
  }
  return v;
}

/** The frame's `data` as JSON text: MISSING_FIELD when absent or null, TOO_LARGE above maxDataBytes. */
export function requireData(frame, maxDataBytes) {
  if (!("data" in frame) || frame.data === null) throw missing("data", "any JSON value except null");
  const json = JSON.stringify(frame.data);
  const size = utf8Encoder.encode(json).length;
  if (size > maxDataBytes) {
    throw new ProtocolError(Code.TOO_LARGE, `data is ${size} bytes; the limit is ${maxDataBytes}`);
  }
  return frame.data;
}

/** The optional `ack` (boolean) and `cid` (1-64 characters) of send and whisper, or MISSING_FIELD. */
export function delivery(frame) {
  if ("ack" in frame && typeof frame.ack !== "boolean") throw missing("ack", "true or false");
  if ("cid" in frame && (typeof frame.cid !== "string" || frame.cid.length < 1 || frame.cid.length > MAX_CID_CHARS)) {
    throw missing("cid", `a string of 1-${MAX_CID_CHARS} characters`);
  }
  return { ack: frame.ack === true, cid: "cid" in frame ? frame.cid : undefined };
}

/** Parses a text frame: a JSON object with a string action, or a ProtocolError. */
export function parseFrame(text, actions) {
  let frame;
  try {
    frame = JSON.parse(text);
  } catch {
    frame = undefined;
  }
  if (frame === null || typeof frame !== "object" || Array.isArray(frame)) {
    throw new ProtocolError(Code.BAD_JSON, "frames must be JSON objects with an 'action'");
  }
  if (typeof frame.action !== "string") throw new ProtocolError(Code.UNKNOWN_ACTION, "frames need a string 'action'");
  if (!actions.has(frame.action)) {
    const a = frame.action.length > 64 ? frame.action.slice(0, 64) + "..." : frame.action;
    throw new ProtocolError(Code.UNKNOWN_ACTION, `unknown action '${a}'`);
  }
  return frame;
}

/** A message id in the shape of API Gateway's (12 random bytes, base64). */
export function messageId() {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...b));
}

/** Recipient frame of a send. */
export function messageFrame(room, from, id, ts, cid, data) {
  const f = { type: "message", room, from, id, ts };
  if (cid !== undefined) f.cid = cid;
  f.data = data;
  return f;
}

/** Recipient frame of a whisper. */
export function whisperFrame(from, id, ts, cid, data) {
  const f = { type: "whisper", from, id, ts };
  if (cid !== undefined) f.cid = cid;
  f.data = data;
  return f;
}

export function ackFrame(id, cid, delivered) {
  const f = { type: "ack", id };
  if (cid !== undefined) f.cid = cid;
  f.delivered = delivered;
  return f;
}

export function presenceFrame(room, user, event) {
  return { type: "presence", room, user, event };
}

/** A members cursor: "1." and the URL-safe base64 of the room and the last user of the previous page; opaque. */
export function encodeCursor(room, lastUser) {
  return "1." + btoa(String.fromCharCode(...utf8Encoder.encode(JSON.stringify({ r: room, a: lastUser }))))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The user a cursor names, null without a cursor, or MISSING_FIELD when it is not one issued for `room`. */
export function decodeCursor(cursor, room) {
  if (cursor === undefined) return null;
  const bad = () => missing("cursor", "a 'next' value from a joined or members reply of this room");
  if (typeof cursor !== "string" || cursor.length > 1024 || !/^1\.[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  try {
    const bin = atob(cursor.slice(2).replace(/-/g, "+").replace(/_/g, "/"));
    const json = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    const v = JSON.parse(json);
    if (v && v.r === room && typeof v.a === "string" && v.a.length > 0 && v.a.length <= MAX_CURSOR_USER_CHARS) return v.a;
  } catch {
    // fall through
  }
  throw bad();
}
