// Drives the local API's chat page in headless Chromium (Debian's package, not a downloaded browser): the page and its
// scripts come with a strict Content-Security-Policy and X-Frame-Options; two users join a room, see each other as
// members (in pages of one), chat, whisper (marked by an element no user id can imitate: a user called
// "victim (whisper)" does not look like one), carry data of exactly maxDataBytes (compressible and not), get TOO_LARGE
// for more and stay connected; one user's connection closes (too large a message, then DeleteConnection, whose close
// code and reason the page shows) and the page's client reconnects and re-joins by itself.
// Every console error (a CSP violation among them), page error, failed request and HTTP error response fails the run.
// Run by ChatPageTest, which starts the gateway and, when this script prints "CLOSE-REQUEST bob", deletes bob's
// connections through the management API:
//   CHAT_URL=http://127.0.0.1:PORT/ MAX_DATA_BYTES=16384 SWITCHBOARD_JWT_SECRET=.. SWITCHBOARD_JWT_ISSUER=..
//   SWITCHBOARD_JWT_AUDIENCE=.. node chat.spec.mjs
import { createHmac } from 'node:crypto';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { SwitchboardClient } from '../../../../clients/js/lib/switchboard.js';

const base = process.env.CHAT_URL;
const maxDataBytes = Number(process.env.MAX_DATA_BYTES);
if (!base || !(maxDataBytes > 0)) { console.error('set CHAT_URL and MAX_DATA_BYTES'); process.exit(2); }
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
// MEMBERS_PAGE_SIZE=1 (ChatPageTest) pages the member list one by one; CHAT_GATEWAY_CASES=off (the Cloudflare Worker,
// which has no 128 KB message limit and no @connections API) leaves out the cases only API Gateway's rules apply to.
const pagedMembers = process.env.MEMBERS_PAGE_SIZE === '1';
const gatewayCases = process.env.CHAT_GATEWAY_CASES !== 'off';
// What every server that serves the page sends with it and its scripts (devkit ChatPage.HEADERS, the Worker's web.mjs).
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:;"
    + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
};
const jwt = { secret: process.env.SWITCHBOARD_JWT_SECRET, issuer: process.env.SWITCHBOARD_JWT_ISSUER,
  audience: process.env.SWITCHBOARD_JWT_AUDIENCE };
if (!jwt.secret || !jwt.issuer || !jwt.audience) { console.error('set SWITCHBOARD_JWT_SECRET, _ISSUER, _AUDIENCE'); process.exit(2); }

/** An HS256 token for `sub` (a user the page's login form would not accept). */
function token(sub) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const input = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64({ sub, iss: jwt.issuer, aud: jwt.audience, iat: now,
    nbf: now, exp: now + 600 });
  return input + '.' + createHmac('sha256', jwt.secret).update(input).digest('base64url');
}

// The page sends {"text": T}: its JSON is T's length plus this much (for text that needs no JSON escaping).
const DATA_OVERHEAD = JSON.stringify({ text: '' }).length;

/** Printable ASCII except '"' and '\' (no escaping), from a fixed-seed generator: deflate gains little on it. */
function noise(n, seed = 12345) {
  const alphabet = [];
  for (let c = 0x20; c < 0x7f; c++) if (c !== 0x22 && c !== 0x5c) alphabet.push(String.fromCharCode(c));
  let x = seed, s = '';
  for (let i = 0; i < n; i++) { x = (Math.imul(x, 1103515245) + 12345) >>> 0; s += alphabet[(x >>> 8) % alphabet.length]; }
  return s;
}

// The page's client tries the header transport first (clients/js, transport 'auto'): the page must connect at the
// first handshake, so a failed handshake (a console error in Chromium) is a problem.

const problems = [];
const pages = {};
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const name of ['alice', 'bob']) {
    const context = await browser.newContext({ viewport: { width: 900, height: 700 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    page.on('console', m => {
      if (m.type() !== 'error') return;
      problems.push(name + ' console error: ' + m.text());
    });
    page.on('pageerror', e => problems.push(name + ' page error: ' + e.message));
    page.on('requestfailed', r => problems.push(name + ' request failed: ' + r.url() + ' ' + r.failure()?.errorText));
    page.on('response', r => { if (r.status() >= 400) problems.push(name + ' HTTP ' + r.status() + ': ' + r.url()); });
    const assets = [];
    page.on('response', r => assets.push(r));
    await page.goto(base);
    await page.waitForSelector('#user');
    // the page, its script, its style and the client's modules: each with the security headers
    const kinds = new Set();
    for (const r of assets.filter(a => a.url().startsWith(new URL(base).origin) && !a.url().includes('/_switchboard/'))) {
      const path = new URL(r.url()).pathname;
      kinds.add(path.startsWith('/clients/') ? '/clients/' : path);
      const h = await r.allHeaders();
      for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
        if (h[k] !== v) problems.push(name + ' ' + path + ': ' + k + ' is ' + JSON.stringify(h[k]));
      }
    }
    for (const k of ['/', '/chat.js', '/chat.css', '/clients/']) if (!kinds.has(k)) problems.push(name + ' did not load ' + k);
    if (await page.$$eval('script:not([src]), style, [style]', e => e.length)) problems.push(name + ': inline script or style');
    // every pattern attribute compiles (an invalid one is ignored, and Chrome logs it)
    const badPatterns = await page.$$eval('input[pattern]', inputs => inputs.filter(i => {
      try { new RegExp(i.pattern, 'v'); return false; } catch (e) { return true; } }).map(i => i.id));
    if (badPatterns.length) problems.push(name + ' invalid pattern on #' + badPatterns.join(', #'));
    await page.fill('#user', name);
    await page.click('#connect');
    await page.waitForSelector('#status:has-text("connected as ' + name + '")');
    await page.fill('#room', 'garden');
    await page.click('#join');
    await page.waitForSelector('#members li[data-user="' + name + '"]');
    pages[name] = page;
  }
  const { alice, bob } = pages;

  // the room check runs in the browser: a room name with a space is refused before anything is sent
  await alice.fill('#room', 'bad room');
  if (await alice.$eval('#room', i => i.validity.valid)) problems.push('#room accepted "bad room"');
  await alice.fill('#room', 'garden');

  // presence: alice sees bob arrive. Bob's joined frame counts both but lists one page (ChatPageTest sets
  // membersPageSize to 1): the page offers the next one, which a members request brings
  await alice.waitForSelector('#members li[data-user="bob"]');
  if (pagedMembers) await bob.click('#more-members');
  await bob.waitForSelector('#members li[data-user="alice"]');
  await bob.waitForSelector('#more-members', { state: 'hidden' });
  await alice.waitForSelector('#log li.system:has-text("bob joined")');
  await bob.waitForSelector('#room-title:has-text("Members of garden (2)")');

  await alice.fill('#text', 'hello bob');
  await alice.click('#send');
  await bob.waitForSelector('#log li.msg:has-text("alice: hello bob")');
  await alice.waitForSelector('#log li.mine:has-text("hello bob") .delivery:has-text("delivered to 1")');

  await bob.fill('#text', 'hi alice');
  await bob.press('#text', 'Enter');
  await alice.waitForSelector('#log li.msg:has-text("bob: hi alice")');

  // whispers: bob picks alice from the member list and whispers; alice sees it marked as a whisper (the line's style
  // and a badge element the page adds)
  await bob.click('#members li[data-user="alice"]');
  await bob.fill('#text', 'psst');
  await bob.click('#send');
  await alice.waitForSelector('#log li.msg.whisper:has(> .badge:text-is("whisper")):has(> b:text-is("bob")):has-text("psst")');
  await bob.waitForSelector('#log li.mine.whisper:has(> .badge:text-is("whisper to")):has(> b:text-is("alice")) .delivery:has-text("delivered to 1")');
  await bob.fill('#to', '');

  // a user whose id reads like a whisper marking posts to the room: alice sees a plain room message, with no badge
  // and no whisper style (the id is text inside the sender's <b>, nothing more)
  const { websocket } = await (await fetch(new URL('/_switchboard/token?user=someone', base))).json();
  const victim = new SwitchboardClient(websocket, { WebSocket, token: () => token('victim (whisper)') });
  try {
    await victim.opened;
    await victim.join('garden');
    await victim.send('garden', { text: 'send me the code' });
    const spoof = alice.locator('#log li.msg', { has: alice.locator('> b', { hasText: 'victim (whisper)' }) });
    await spoof.waitFor();
    const marks = await spoof.evaluate(li => ({ cls: li.className, badges: li.querySelectorAll('.badge').length,
      bg: getComputedStyle(li).backgroundColor }));
    const real = await alice.locator('#log li.whisper').first().evaluate(li => getComputedStyle(li).backgroundColor);
    if (marks.cls !== 'msg' || marks.badges !== 0 || marks.bg === real) {
      problems.push('a room message from "victim (whisper)" is marked like a whisper: ' + JSON.stringify(marks));
    }
  } finally {
    victim.close();
  }
  await alice.waitForSelector('#log li.system:has-text("victim (whisper) left")');

  // long lines wrap: nothing in the page scrolls sideways
  await alice.fill('#text', 'x'.repeat(2000));
  await alice.click('#send');
  await bob.waitForSelector('#log li.msg:has-text("alice: xxxxxxxxxx")');
  const overflow = await bob.evaluate(() => [document.documentElement, document.getElementById('log'),
    ...document.querySelectorAll('#log li')].filter(e => e.scrollWidth > e.clientWidth + 1).length);
  if (overflow) problems.push(overflow + ' element(s) scroll sideways after a 2,000-character line');

  // data of exactly maxDataBytes arrives whole, compressible and not
  for (const [kind, text] of [['compressible', 'a'.repeat(maxDataBytes - DATA_OVERHEAD)],
                              ['incompressible', noise(maxDataBytes - DATA_OVERHEAD)]]) {
    if (JSON.stringify({ text }).length !== maxDataBytes) throw new Error('test data is not maxDataBytes long');
    await alice.fill('#text', text);
    await alice.click('#send');
    await bob.waitForFunction(t => [...document.querySelectorAll('#log li.msg')]
      .some(li => li.textContent === 'alice: ' + t), text, { timeout: 15000 })
      .catch(e => { throw new Error(kind + ' data of ' + maxDataBytes + ' bytes did not reach bob: ' + e.message); });
    await alice.waitForSelector('#log li.mine:last-child .delivery:has-text("delivered to 1")');
  }

  // one byte more answers TOO_LARGE, and the connection stays open
  await alice.fill('#text', 'b'.repeat(maxDataBytes - DATA_OVERHEAD + 1));
  await alice.click('#send');
  await alice.waitForSelector('#log li.error:has-text("TOO_LARGE")');
  await alice.waitForSelector('#log li.mine.failed .delivery:has-text("not sent: TOO_LARGE")');
  await alice.fill('#text', 'still here');
  await alice.click('#send');
  await bob.waitForSelector('#log li.msg:has-text("alice: still here")');
  await alice.waitForSelector('#status:has-text("connected as alice")');

  if (gatewayCases) {
    // a message over API Gateway's 128 KB closes bob's connection: the send in flight fails, the page's client
    // reconnects and re-joins garden by itself, and says that what was sent meanwhile is lost.
    // (Chromium mostly reports 1006 here, not the 1009 the local API sends: the server closes while the browser still
    // writes.)
    await bob.fill('#text', noise(140 * 1024, 777));
    await bob.click('#send');
    await bob.waitForSelector('#log li.mine.failed .delivery:has-text("not sent: CONNECTION_LOST")');
    await bob.waitForSelector('#log li.system:has-text("connection closed (100"):has-text("; reconnecting")');
    await bob.waitForSelector('#log li.system:has-text("back in garden")');
    await bob.waitForSelector('#status:has-text("connected as bob")');
    await alice.waitForSelector('#members li[data-user="bob"]');

    // the server closes bob's connection (DeleteConnection, by ChatPageTest): bob sees the code and the reason, and
    // is back in garden again
    console.log('CLOSE-REQUEST bob');
    await bob.waitForSelector('#log li.system:has-text("connection closed (1000 Connection Closed Normally): closed normally; reconnecting")',
      { timeout: 30000 });
    await bob.waitForFunction(() => [...document.querySelectorAll('#log li.system')]
      .filter(li => li.textContent.startsWith('back in garden')).length === 2);
    await bob.waitForSelector('#status:has-text("connected as bob")');
    await alice.waitForSelector('#members li[data-user="bob"]');
    await bob.fill('#text', 'back again');
    await bob.click('#send');
    await alice.waitForSelector('#log li.msg:has-text("bob: back again")');
  }

  // bob leaves with the button
  await bob.click('#leave');
  await bob.waitForSelector('#log li.system:has-text("you left garden")');
  await alice.waitForSelector('#log li.system:has-text("bob left")');
  await alice.waitForSelector('#members li[data-user="bob"]', { state: 'detached' });
} catch (e) {
  problems.push('step failed: ' + e.message);
  for (const [name, page] of Object.entries(pages)) {
    const log = await page.$$eval('#log li', lis => lis.map(li => li.textContent.slice(0, 200))).catch(() => []);
    problems.push(name + "'s log:\n  " + log.join('\n  '));
  }
} finally {
  await browser.close();
}
if (problems.length) {
  console.error('CHAT FAILED\n' + problems.join('\n'));
  process.exit(1);
}
console.log('CHAT OK');
