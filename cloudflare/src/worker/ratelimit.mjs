// Per-connection rate limit of docs/protocol.md (v2): GCRA, the generic cell rate algorithm. In any interval of t
// seconds a connection gets at most burst + floor(rate * t) counted frames. The state is one timestamp (the
// "theoretical arrival time", tat) kept in the WebSocket's attachment, so it survives hibernation; one Durable
// Object holds the connection, so there is one clock, and a clock that steps back never fails a valid frame
// (t = max(t, last)).

/**
 * Judges a frame arriving at `now` (epoch ms) against the state `s` ({tat, last}); returns the new state, or null
 * when the frame must be refused. A connection with no state is refused ("no record, no frames").
 */
export function admit(s, now, ratePerSecond, burst) {
  if (!s || typeof s.tat !== "number") return null;
  const t = Math.max(now, s.last ?? now);
  const interval = 1000 / ratePerSecond;
  if (s.tat > t + (burst - 1) * interval) return null;
  return { tat: Math.max(s.tat, t) + interval, last: t };
}

/** The state of a new connection: a full burst available. */
export function fresh(now) {
  return { tat: now, last: now };
}
