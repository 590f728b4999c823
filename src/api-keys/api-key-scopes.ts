import { PERMISSIONS, Permission, isPermission } from 'src/auth/permissions';

/**
 * Scope expressions accepted on API keys, besides the catalogue's permission strings:
 * - `records:write` — the documented key scope; an alias for records:create, records:update and records:delete;
 * - `<area>:*` (e.g. `records:*`, `dnssec:*`) — every permission of that area in the catalogue.
 * Keys store the expanded, concrete permissions, so later catalogue additions never widen an existing key.
 */
const ALIASES: Readonly<Record<string, readonly Permission[]>> = {
  'records:write': ['records:create', 'records:update', 'records:delete'],
};

const WILDCARD = /^([a-z_]+):\*$/;

/** The concrete permissions one expression stands for; an empty list for anything unknown. */
export function expandScope(expression: string): Permission[] {
  if (isPermission(expression)) {
    return [expression];
  }
  const alias = ALIASES[expression];
  if (alias) {
    return [...alias];
  }
  const area = WILDCARD.exec(expression)?.[1];
  return area ? PERMISSIONS.filter((permission) => permission.startsWith(`${area}:`)) : [];
}

export function isScopeExpression(expression: string): boolean {
  return expandScope(expression).length > 0;
}

/** Expands every expression and returns the sorted, de-duplicated permissions; unknown expressions are listed. */
export function expandScopes(expressions: readonly string[]): {
  permissions: Permission[];
  unknown: string[];
} {
  const permissions = new Set<Permission>();
  const unknown: string[] = [];
  for (const expression of expressions) {
    const expanded = expandScope(expression);
    if (expanded.length === 0) {
      unknown.push(expression);
    }
    expanded.forEach((permission) => permissions.add(permission));
  }
  return { permissions: [...permissions].sort(), unknown };
}

/** The requested permissions that are not held, in order. */
export function notHeld(
  requested: readonly Permission[],
  held: { has(permission: Permission): boolean },
): Permission[] {
  return requested.filter((permission) => !held.has(permission));
}
