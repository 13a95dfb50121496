/**
 * The delay before reconnect attempt `attempt` (1-based): "full jitter" exponential backoff, a uniformly random
 * delay between 0 and min(maxDelayMs, baseDelayMs * 2^(attempt - 1)), so that clients dropped together by one server
 * event do not come back together (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015).
 *
 * @param {number} attempt
 * @param {{baseDelayMs: number, maxDelayMs: number}} policy
 * @param {() => number} [random]
 */
export function backoffDelay(attempt, policy, random = Math.random) {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
