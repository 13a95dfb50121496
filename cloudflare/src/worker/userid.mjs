// What a user id is: the blueprint's UserIds (blueprint/.../UserIds.java), rendered into the settings as `userIds`
// ({ maxChars, forbidden: [[first, last], ...], whitespace: [[first, last], ...] }) and applied here unchanged, in the
// same order: EMPTY, TOO_LONG, FORBIDDEN_CHARACTER, EDGE_WHITESPACE.

const inRanges = (ranges, cp) => ranges.some(([first, last]) => cp >= first && cp <= last);

/** Why `id` is not a valid user id under `rule`, or null when it is one. */
export function userIdProblem(rule, id) {
  if (typeof id !== "string" || id.length === 0) return "EMPTY";
  if (id.length > rule.maxChars) return "TOO_LONG";
  const cps = [...id].map((ch) => ch.codePointAt(0)); // a lone surrogate stays one code point in D800-DFFF
  if (cps.every((cp) => inRanges(rule.whitespace, cp))) return "EMPTY";
  if (cps.some((cp) => inRanges(rule.forbidden, cp))) return "FORBIDDEN_CHARACTER";
  if (inRanges(rule.whitespace, cps[0]) || inRanges(rule.whitespace, cps[cps.length - 1])) return "EDGE_WHITESPACE";
  return null;
}

/** Checks the rendered rule's shape once (config.mjs); throws naming the field. */
export function checkUserIdRule(rule) {
  const ranges = (r) => Array.isArray(r) && r.every((x) => Array.isArray(x) && x.length === 2
    && Number.isInteger(x[0]) && Number.isInteger(x[1]) && x[0] <= x[1]);
  if (!rule || !Number.isInteger(rule.maxChars) || rule.maxChars <= 0 || !ranges(rule.forbidden)
    || !ranges(rule.whitespace)) {
    throw new Error("SWITCHBOARD.userIds must be { maxChars, forbidden, whitespace }: render it with the cloudflare module");
  }
  return Object.freeze({ maxChars: rule.maxChars, forbidden: rule.forbidden, whitespace: rule.whitespace });
}
