// The local chat page, on Switchboard's JavaScript client (clients/js, served at /clients/). The token comes from the
// local API's dev-only endpoint, a fresh one for every connection attempt; against AWS, get it from your identity
// provider instead. Served with a Content-Security-Policy that allows no inline script or style (docs/clients.md).
import { SwitchboardClient } from '/clients/switchboard.js';

const $ = (id) => document.getElementById(id);
let client = null;
let me = null;
let room = null;
let count = 0;
let more = false;
const members = new Set();
// What the close codes a user meets here mean (RFC 6455 section 7.4.1, and API Gateway's use of them).
const CLOSE_MEANING = { 1000: 'closed normally', 1001: 'the server went away or the connection timed out',
  1003: 'binary frames are not accepted', 1006: 'the connection dropped without a close frame',
  1008: 'refused by policy', 1009: 'a frame or message was too large', 1011: 'the server failed' };

/**
 * One line of the log. `who` (a user id, any text) only ever becomes text inside <b>; `badge` is the page's own
 * marker (a whisper), an element no user id can produce.
 */
function line(cls, text, { who = null, badge = null } = {}) {
  const li = document.createElement('li');
  li.className = cls;
  if (badge) {
    const s = document.createElement('span');
    s.className = 'badge';
    s.textContent = badge;
    li.appendChild(s);
  }
  if (who) {
    const b = document.createElement('b');
    b.textContent = who;
    li.append(b, ': ');
  }
  li.appendChild(document.createTextNode(text));
  $('log').appendChild(li);
  li.scrollIntoView({ block: 'end' });
  return li;
}
const textOf = (data) => (data && typeof data.text === 'string' ? data.text : JSON.stringify(data));
const closeText = (code, reason) => code + (reason ? ' ' + reason : '');

function renderMembers() {
  $('members').replaceChildren(...[...members].sort().map((u) => {
    const li = document.createElement('li');
    li.textContent = u;
    li.dataset.user = u;
    li.title = 'whisper to ' + u;
    return li;
  }));
  $('room-title').textContent = room ? 'Members of ' + room + ' (' + Math.max(count, members.size) + ')' : 'Members';
  $('more-members').hidden = !more;
}
function setRoom(r) {
  room = r;
  members.clear();
  count = 0;
  more = false;
  $('leave').disabled = !room;
  renderMembers();
}
function setConnected(on) {
  for (const id of ['join', 'to', 'text', 'send']) $(id).disabled = !on;
  if (!on) setRoom(null);
}
function deliveryText(ack) {
  let t = '✓ delivered to ' + ack.delivered;
  if (ack.queued) t += ', ' + ack.queued + ' queued';
  if (ack.undelivered) t += ', ' + ack.undelivered + ' not delivered';
  return t;
}

async function devToken(user) {
  const r = await fetch('/_switchboard/token?user=' + encodeURIComponent(user));
  if (!r.ok) throw new Error('token refused: ' + (await r.text()));
  return r.json();
}

function listen(c) {
  const mine = (f) => (e) => { if (c === client) f(e); };
  c.on('open', mine((e) => {
    $('status').textContent = 'connected as ' + me;
    setConnected(true);
    if (e.reconnected) line('system', 'reconnected');
  }));
  c.on('joined', mine((m) => {
    // the joiner is a member even when the first page of a large room does not list it
    setRoom(m.room);
    (m.members || []).forEach((u) => members.add(u));
    members.add(me);
    count = typeof m.count === 'number' ? m.count : members.size;
    more = typeof m.next === 'string';
    renderMembers();
    line('system', 'you joined ' + m.room);
  }));
  c.on('left', mine((m) => {
    line('system', 'you left ' + m.room);
    if (m.room === room) setRoom(null);
  }));
  c.on('presence', mine((m) => {
    if (m.room !== room) return;
    if (m.event === 'join') {
      if (!members.has(m.user)) count++;
      members.add(m.user);
    } else if (members.delete(m.user) || count > members.size) {
      count = Math.max(0, count - 1);
    }
    renderMembers();
    line('system', m.user + (m.event === 'join' ? ' joined' : ' left'));
  }));
  c.on('message', mine((m) => line('msg', textOf(m.data), { who: m.from })));
  c.on('whisper', mine((m) => line('msg whisper', textOf(m.data), { who: m.from, badge: 'whisper' })));
  c.on('error', mine((e) => line('error', e.code + ': ' + e.message)));
  c.on('reconnecting', mine((e) => {
    setConnected(false);
    $('status').textContent = 'reconnecting…';
    if (e.attempt === 1 && e.code !== null) {
      line('system', 'connection closed (' + closeText(e.code, e.reason) + ')'
        + (CLOSE_MEANING[e.code] ? ': ' + CLOSE_MEANING[e.code] : '') + '; reconnecting');
    }
  }));
  c.on('gap', mine((g) => line('system', 'back' + (g.rooms.length ? ' in ' + g.rooms.join(', ') : '')
    + ': anything sent to you while disconnected is lost (there is no replay)')));
  c.on('close', mine((e) => {
    $('status').textContent = 'closed (' + closeText(e.code, e.reason) + ')';
    line('system', 'connection closed for good: ' + e.reason);
    setConnected(false);
  }));
}

async function connect() {
  me = $('user').value.trim();
  $('status').textContent = 'connecting…';
  let first;
  try {
    first = await devToken(me);
  } catch (e) {
    $('status').textContent = e.message;
    return;
  }
  if (client) client.close(1000, 'reconnect');
  let token = first.token;
  const c = new SwitchboardClient(first.websocket, {
    token: async () => {
      const t = token ?? (await devToken(me)).token;
      token = null; // every later attempt gets a fresh one
      return t;
    },
  });
  client = c;
  listen(c);
}

function send(ev) {
  ev.preventDefault();
  const text = $('text').value;
  const to = $('to').value.trim();
  if (!text || !client) return;
  if (!to && !room) {
    line('error', 'join a room, or name a user to whisper to');
    return;
  }
  const li = to ? line('msg mine whisper', text, { who: to, badge: 'whisper to' }) : line('msg mine', text, { who: me });
  const d = document.createElement('span');
  d.className = 'delivery';
  d.textContent = 'sending…';
  li.appendChild(d);
  const sent = to ? client.whisper(to, { text }) : client.send(room, { text });
  sent.then((ack) => { d.textContent = deliveryText(ack); },
    (e) => { d.textContent = '✗ not sent: ' + e.code; li.classList.add('failed'); });
  $('text').value = '';
}

const ignore = () => {}; // refusals arrive as error events, which the log shows
$('login').addEventListener('submit', (ev) => { ev.preventDefault(); connect(); });
$('rooms').addEventListener('submit', (ev) => {
  ev.preventDefault();
  if (room) client.leave(room).catch(ignore);
  client.join($('room').value.trim()).catch(ignore);
});
$('leave').addEventListener('click', () => client.leave(room).catch(ignore));
$('more-members').addEventListener('click', async () => {
  const r = room;
  try {
    for await (const page of client.members(r)) {
      if (r !== room) return;
      page.forEach((u) => members.add(u));
    }
    more = false;
    renderMembers();
  } catch { /* shown as an error event */ }
});
$('members').addEventListener('click', (ev) => {
  const u = ev.target.dataset && ev.target.dataset.user;
  if (u && u !== me) {
    $('to').value = u;
    $('text').focus();
  }
});
$('composer').addEventListener('submit', send);
