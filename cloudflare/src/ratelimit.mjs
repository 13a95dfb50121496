// Per-connection rate limit: at most `burst` counted frames in ANY interval of `windowMillis` (a sliding log, so
// not only aligned windows). The log is the times of the last `burst` admitted frames, kept in the WebSocket's
// attachment so that it survives hibernation. One Durable Object holds the connection, so there is one clock.

/**
 * Admits a frame at `now` if fewer than `burst` frames were admitted in (now - windowMillis, now]; returns the new
 * log (oldest first) or null when the frame must be refused. `log` is an array of epoch milliseconds or undefined
 * (a connection with no record is refused, as the protocol says).
 */
export function admit(log, now, windowMillis, burst) {
  if (!Array.isArray(log)) return null;
  const recent = log.filter((t) => t > now - windowMillis && t <= now);
  if (recent.length >= burst) return null;
  recent.push(now);
  return recent.length > burst ? recent.slice(recent.length - burst) : recent;
}
