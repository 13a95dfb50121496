// The local chat page for `./switchboard local --platform vercel`: index.html, chat.js and chat.css from the local
// API's web directory and the JavaScript client's modules at /clients/NAME.js, served as they are (not copied), with
// the Worker's security headers (cloudflare/src/worker/web.mjs: one set of headers for every local platform).
// Local only: instance.mjs passes it to the instance; a deployment serves no page.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { SECURITY_HEADERS } from "../../../cloudflare/src/worker/web.mjs";

const PAGE_FILES = { "/": "index.html", "/index.html": "index.html", "/chat.js": "chat.js", "/chat.css": "chat.css" };
const CLIENT_MODULE = /^\/clients\/([a-z][a-z-]{0,40})\.js$/;
const CONTENT_TYPES = { html: "text/html; charset=utf-8", js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8" };

/** A request handler for the page: true when it answered `req`, false to let the function answer. */
export function webServer(pageDir, clientsDir) {
  return async (req, res) => {
    if (req.method !== "GET") return false;
    const path = new URL(req.url, "http://localhost").pathname;
    let file = null;
    if (Object.hasOwn(PAGE_FILES, path)) file = join(pageDir, PAGE_FILES[path]);
    else if (CLIENT_MODULE.test(path)) file = join(clientsDir, path.slice("/clients/".length));
    if (file === null) return false;
    let body;
    try {
      body = await readFile(file);
    } catch {
      return false;
    }
    res.writeHead(200, { "content-type": CONTENT_TYPES[file.split(".").pop()], "cache-control": "no-store",
      ...SECURITY_HEADERS });
    res.end(body);
    return true;
  };
}
