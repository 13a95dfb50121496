// The guards that keep a local workerd (devTokens on, 127.0.0.1 only) the developer's own, as the Java runners'
// devkit LoopbackGuard: the dev-token endpoint answers only a loopback Host (a page that rebinds its own host name to
// 127.0.0.1 still sends that name: 421), and the upgrade and the dev-token endpoint refuse a browser page of another
// origin (browsers name the page in Origin on every WebSocket handshake, RFC 6455 section 4.1, and on every cors-mode
// fetch; a request without Origin comes from a non-browser client and is served).

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Whether the request's Host names a loopback address (workerd binds 127.0.0.1 locally; any port). */
export function loopbackHost(request) {
  const host = request.headers.get("host");
  if (!host) return false;
  try {
    return LOOPBACK.has(new URL("http://" + host).hostname);
  } catch {
    return false;
  }
}

/** Whether the request has no Origin, or the local API's own: http, a loopback name and the Host's port. */
export function originAllowed(request, url) {
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  try {
    const o = new URL(origin);
    return o.protocol === "http:" && LOOPBACK.has(o.hostname) && o.port === url.port && o.origin === origin.toLowerCase();
  } catch {
    return false; // "null" (sandboxed frames, file: pages) and anything unparsable
  }
}
