/** Longest pattern a grant may carry (the column is varchar(255)). */
export const MAX_RECORD_PATTERN_LENGTH = 255;

/** Letters, digits, hyphens, underscores and dots (the characters of a relative record name) plus `*`. */
const PATTERN_CHARACTERS = /^[a-z0-9_.*-]+$/i;

/**
 * Checks a grant's record pattern and returns it in stored form (lowercase, runs of `*` collapsed), or the reason it
 * is refused. `@` alone stands for the zone apex, as record names do.
 */
export function normaliseRecordPattern(
  pattern: string,
): { ok: true; pattern: string } | { ok: false; error: string } {
  if (pattern.length === 0) {
    return { ok: false, error: 'record_pattern must not be empty' };
  }
  if (pattern.length > MAX_RECORD_PATTERN_LENGTH) {
    return { ok: false, error: `record_pattern must be at most ${MAX_RECORD_PATTERN_LENGTH} characters` };
  }
  if (pattern === '@') {
    return { ok: true, pattern };
  }
  if (!PATTERN_CHARACTERS.test(pattern)) {
    return {
      ok: false,
      error:
        'record_pattern may only contain letters, digits, hyphens, underscores, dots and * (or be @ for the apex)',
    };
  }
  if (pattern.startsWith('.') || pattern.endsWith('.') || pattern.includes('..')) {
    return { ok: false, error: 'record_pattern must not start or end with a dot or contain empty labels' };
  }
  return { ok: true, pattern: pattern.toLowerCase().replace(/\*+/g, '*') };
}

/**
 * Matches a record name (relative to its zone, `@` for the apex) against a grant's glob. `*` stands for any run of
 * characters, dots included, and the whole name must match: `*.dev` covers `a.dev` and `x.y.dev`, not `dev` or
 * `www`; `api.*` covers `api.v1`, not `api`.
 *
 * Iterative glob matching (backtracking to the last `*` only) rather than a regular expression: a pattern with many
 * stars compiled to `.*a.*a.*…` backtracks exponentially, and patterns come from API callers.
 */
export function matchesRecordPattern(pattern: string, relativeName: string): boolean {
  const glob = pattern.toLowerCase();
  const name = relativeName.toLowerCase();
  let g = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = n;
    } else if (g < glob.length && glob[g] === name[n]) {
      g++;
      n++;
    } else if (star >= 0) {
      g = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') {
    g++;
  }
  return g === glob.length;
}
