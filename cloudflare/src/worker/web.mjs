// The local chat page and what it loads (workerd on 127.0.0.1 only: index.mjs calls this when devTokens is set):
// index.html, chat.js and chat.css from the WEB disk service (the local API's web directory) and the JavaScript
// client's modules at /clients/NAME.js from the CLIENTS disk service (clients/js/lib). Every answer carries the same
// security headers as the local Java API's (devkit ChatPage.HEADERS): scripts and styles from this origin only, no
// framing.

export const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:;"
    + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};
const PAGE_FILES = { "/": "index.html", "/index.html": "index.html", "/chat.js": "chat.js", "/chat.css": "chat.css" };
const CLIENT_MODULE = /^\/clients\/([a-z][a-z-]{0,40})\.js$/;
const CONTENT_TYPES = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8" };

/** The asset at `path`, or null when there is none (the caller answers 404). */
export async function serveWeb(env, path) {
  let name = null;
  let file = null;
  if (Object.hasOwn(PAGE_FILES, path) && env.WEB) {
    name = PAGE_FILES[path];
    file = await env.WEB.fetch("http://web/" + name);
  } else if (CLIENT_MODULE.test(path) && env.CLIENTS) {
    name = path.slice("/clients/".length);
    file = await env.CLIENTS.fetch("http://clients/" + name);
  }
  if (!file?.ok) return null;
  return new Response(file.body, { status: 200, headers: { "content-type": CONTENT_TYPES[name.split(".").pop()],
    "cache-control": "no-store", ...SECURITY_HEADERS } });
}
