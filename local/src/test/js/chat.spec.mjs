// Drives the local API's chat page in headless Chromium (Debian's package, not a downloaded browser):
// two users join a room, see each other as members, chat, and one leaves.
// Run by ChatPageTest, which starts the gateway:  CHAT_URL=http://127.0.0.1:PORT/ node chat.spec.mjs
import { chromium } from 'playwright-core';

const base = process.env.CHAT_URL;
if (!base) { console.error('set CHAT_URL'); process.exit(2); }
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const pages = {};
  for (const name of ['alice', 'bob']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    page.on('pageerror', e => console.error(name + ' page error: ' + e.message));
    await page.goto(base);
    await page.fill('#user', name);
    await page.click('#connect');
    await page.waitForSelector('#status:has-text("connected as ' + name + '")');
    await page.fill('#room', 'garden');
    await page.click('#join');
    await page.waitForSelector('#members li[data-user="' + name + '"]');
    pages[name] = page;
  }
  const { alice, bob } = pages;
  // presence: alice sees bob arrive; bob's joined frame lists both
  await alice.waitForSelector('#members li[data-user="bob"]');
  await bob.waitForSelector('#members li[data-user="alice"]');
  await alice.waitForSelector('#log li.system:has-text("bob joined")');

  await alice.fill('#text', 'hello bob');
  await alice.click('#send');
  await bob.waitForSelector('#log li.msg:has-text("alice: hello bob")');

  await bob.fill('#text', 'hi alice');
  await bob.press('#text', 'Enter');
  await alice.waitForSelector('#log li.msg:has-text("bob: hi alice")');

  await bob.click('#leave');
  await alice.waitForSelector('#log li.system:has-text("bob left")');
  await alice.waitForSelector('#members li[data-user="bob"]', { state: 'detached' });
  console.log('CHAT OK');
} finally {
  await browser.close();
}
