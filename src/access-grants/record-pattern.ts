/**
 * Matches a record name (relative to its zone, `@` for the apex) against a grant's glob. `*` stands for any run of
 * characters, dots included, and the whole name must match: `*.dev` covers `a.dev` and `x.y.dev`, not `dev` or
 * `www`; `api.*` covers `api.v1`, not `api`.
 */
export function matchesRecordPattern(pattern: string, relativeName: string): boolean {
  const expression = pattern
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${expression}$`).test(relativeName.toLowerCase());
}
