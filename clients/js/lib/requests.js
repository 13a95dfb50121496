/**
 * The frames the client writes, checked before they are written (what the protocol would refuse is refused here with
 * BAD_ARGUMENT), and which server frame answers which request (docs/protocol.md, "Frames from the client").
 */
import { CLIENT_CODES, SwitchboardError } from './errors.js';

/** Room names: 1 to 128 letters, digits and `_ - . : @` (docs/protocol.md). */
export const ROOM = /^[A-Za-z0-9_.:@-]{1,128}$/;
export const MAX_CID = 64;

function bad(action, message) {
  return new SwitchboardError(CLIENT_CODES.BAD_ARGUMENT, message, { action });
}

/** Throws BAD_ARGUMENT unless `room` is a valid room name. */
export function checkRoom(action, room) {
  if (typeof room !== 'string' || !ROOM.test(room)) {
    throw bad(action, action + ': room must be 1-128 letters, digits, or _ - . : @ (got ' + JSON.stringify(room) + ')');
  }
}

/** Throws BAD_ARGUMENT unless `data` is JSON the protocol carries (anything but null or undefined). */
export function checkData(action, data) {
  if (data === null || data === undefined) throw bad(action, action + ': data must be JSON other than null');
  try {
    if (JSON.stringify(data) === undefined) throw new TypeError('not JSON');
  } catch (e) {
    throw bad(action, action + ': data is not JSON-serializable (' + e.message + ')');
  }
}

/** Throws BAD_ARGUMENT unless `cid` is a string of 1 to 64 characters. */
export function checkCid(action, cid) {
  if (typeof cid !== 'string' || cid.length < 1 || cid.length > MAX_CID) {
    throw bad(action, action + ': cid must be a string of 1-' + MAX_CID + ' characters');
  }
}

/** Whether server frame `m` is the answer (other than an error) to the request frame `f`. */
export function answers(f, m) {
  switch (f.action) {
    case 'send':
    case 'whisper':
      return m.type === 'ack' && m.cid === f.cid;
    case 'join':
      return m.type === 'joined' && m.room === f.room;
    case 'leave':
      return m.type === 'left' && m.room === f.room;
    case 'members':
      return m.type === 'members' && m.room === f.room;
    case 'ping':
      return m.type === 'pong';
    default:
      return false;
  }
}

/**
 * The error in `m`, or null: a protocol error frame, or API Gateway's own answer to a failed route
 * (`{"message": "Internal server error", "connectionId": .., "requestId": ..}`, no `type`), taken as INTERNAL.
 */
export function errorIn(m, f) {
  const details = { action: f?.action, cid: f?.cid, room: f?.room };
  if (m.type === 'error') return new SwitchboardError(String(m.code), String(m.message ?? m.code), details);
  if (m.type === undefined && typeof m.message === 'string' && 'requestId' in m) {
    return new SwitchboardError('INTERNAL', m.message + ' (request ' + m.requestId + ')', details);
  }
  return null;
}
