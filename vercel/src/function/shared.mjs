// The modules this function shares with the Cloudflare Worker, imported from where they live (cloudflare/src/worker)
// rather than copied: the protocol's frames and error codes, the settings' validation, the strict JWT pre-parse and
// verifier, the user-id rule, where the handshake's token rides, and the local origin guards. None of them
// touches a Workers-only API (they use WebCrypto, TextEncoder, btoa and fetch, which Node 20 has as globals; the two
// that read a Request need only `headers.get`), so one file serves both platforms and a fix to the verifier reaches
// both at once. Every import of a shared module goes through this file, so the list of what is
// shared is here and nowhere else.

export { settings } from "../../../cloudflare/src/worker/config.mjs";
export { signHs256, verifierOf, VerifierUnavailable } from "../../../cloudflare/src/worker/jwt.mjs";
export { handshakeToken, offers } from "../../../cloudflare/src/worker/transport.mjs";
export { loopbackHost, originAllowed } from "../../../cloudflare/src/worker/local.mjs";
export {
  ackFrame, Code, decodeCursor, delivery, encodeCursor, errorFrame, messageFrame, messageId, parseFrame,
  presenceFrame, ProtocolError, RATE_LIMITED_ACTIONS, requireData, requireRoom, requireUser, validRoom, whisperFrame,
} from "../../../cloudflare/src/worker/protocol.mjs";
