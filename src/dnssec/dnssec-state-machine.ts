import { DnssecPolicy } from 'src/dnssec/dnssec-policy';

export const KEY_TYPES = ['KSK', 'ZSK'] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/**
 * Where a key is in its life. PowerDNS flags per state:
 *
 * | state     | in the DNSKEY set | signs (PowerDNS `active`)                         |
 * |-----------|-------------------|----------------------------------------------------|
 * | published | yes               | no — a pre-published ZSK waiting for its turn      |
 * | active    | yes               | yes                                                |
 * | retiring  | yes               | ZSK: no (old signatures age out of caches); KSK: yes until removal (the parent's old DS may still be cached) |
 * | removed   | no                | no — deleted from PowerDNS; the row stays as history |
 */
export const KEY_STATES = ['published', 'active', 'retiring', 'removed'] as const;
export type KeyState = (typeof KEY_STATES)[number];

/** What the state machine needs to know of a key. */
export interface KeySnapshot {
  id: string;
  keyType: KeyType;
  state: KeyState;
  createdAt: Date;
  /** When the key started (or, pre-published, will start) signing. */
  activateAt: Date | null;
  /** When a retiring key leaves the DNSKEY set. */
  removeAt: Date | null;
  expiresAt: Date;
  /** KSK only: when the parent's DS for this key was confirmed; null while it awaits publication. */
  dsConfirmedAt: Date | null;
}

export type DnssecZoneStatus = 'disabled' | 'pending_ds' | 'active' | 'rotating_ksk' | 'rotating_zsk';

/** A step the rollover job takes for one zone. */
export type RolloverAction =
  /** Publish a new, inactive ZSK (pre-publication); it activates at `activateAt`. */
  | { kind: 'prepublish_zsk'; replaces: string[]; activateAt: Date }
  /** Let the pre-published ZSK sign, then stop the old ones from signing (they stay published until `removeAt`). */
  | { kind: 'activate_zsk'; keyId: string; retires: string[]; removeAt: Date }
  /** Delete a retired ZSK whose signatures can no longer be in any cache. */
  | { kind: 'remove_zsk'; keyId: string }
  /** Delete a KSK replaced by a confirmed KSK rollover, once the parent's old DS set has aged out of caches. */
  | { kind: 'remove_ksk'; keyId: string };

const live = (keys: readonly KeySnapshot[]): KeySnapshot[] => keys.filter((key) => key.state !== 'removed');
const byAge = (a: KeySnapshot, b: KeySnapshot): number => a.createdAt.getTime() - b.createdAt.getTime();
const due = (at: Date | null, now: Date): boolean => at !== null && at.getTime() <= now.getTime();
const after = (now: Date, ms: number): Date => new Date(now.getTime() + ms);

/** KSKs in service whose DS the parent has not been confirmed to publish. */
export function kskAwaitingDs(keys: readonly KeySnapshot[]): KeySnapshot[] {
  return live(keys)
    .filter((key) => key.keyType === 'KSK' && key.state === 'active' && key.dsConfirmedAt === null)
    .sort(byAge);
}

/** A ZSK rollover is under way while a ZSK is pre-published or retiring. */
export function zskRolloverInProgress(keys: readonly KeySnapshot[]): boolean {
  return live(keys).some(
    (key) => key.keyType === 'ZSK' && (key.state === 'published' || key.state === 'retiring'),
  );
}

/**
 * The zone's DNSSEC status, derived from its keys. When two things are under way the one needing the customer wins:
 * `rotating_ksk` / `pending_ds` (publish a DS, then confirm) before `rotating_zsk` (automatic).
 */
export function deriveStatus(keys: readonly KeySnapshot[]): DnssecZoneStatus {
  const current = live(keys);
  if (current.length === 0) {
    return 'disabled';
  }
  const ksks = current.filter((key) => key.keyType === 'KSK' && key.state === 'active');
  if (ksks.some((key) => key.dsConfirmedAt === null)) {
    return ksks.some((key) => key.dsConfirmedAt !== null) ? 'rotating_ksk' : 'pending_ds';
  }
  return zskRolloverInProgress(current) ? 'rotating_zsk' : 'active';
}

/**
 * The ZSK pre-publication rollover and the removal of replaced KSKs, as a pure function of the keys and the time:
 *
 *   active ZSK within `zskRolloverLeadMs` of expiry  → prepublish_zsk   (new ZSK published, not signing)
 *   published ZSK whose activateAt has passed        → activate_zsk     (new signs; old stops, stays published)
 *   retiring ZSK whose removeAt has passed           → remove_zsk       (old leaves the DNSKEY set)
 *   retiring KSK whose removeAt has passed           → remove_ksk
 *
 * Each call takes at most one ZSK step, and a new rollover starts only once the previous one has finished, so a
 * resolver always holds a DNSKEY set that covers the signatures it may see.
 */
export function planRollover(
  keys: readonly KeySnapshot[],
  now: Date,
  policy: DnssecPolicy,
): RolloverAction[] {
  const current = live(keys).sort(byAge);
  const actions: RolloverAction[] = [];
  const zsks = current.filter((key) => key.keyType === 'ZSK');
  const activeZsks = zsks.filter((key) => key.state === 'active');
  const published = zsks.filter((key) => key.state === 'published');
  const retiring = zsks.filter((key) => key.state === 'retiring');

  const removable = retiring.filter((key) => due(key.removeAt, now));
  const ready = published.filter((key) => due(key.activateAt, now));
  if (removable.length > 0) {
    actions.push(...removable.map((key): RolloverAction => ({ kind: 'remove_zsk', keyId: key.id })));
  } else if (ready.length > 0) {
    const next = ready[ready.length - 1];
    actions.push({
      kind: 'activate_zsk',
      keyId: next.id,
      retires: activeZsks.map((key) => key.id),
      removeAt: after(now, policy.zskRetireMs),
    });
  } else if (
    published.length === 0 &&
    retiring.length === 0 &&
    activeZsks.length > 0 &&
    activeZsks.some((key) => due(new Date(key.expiresAt.getTime() - policy.zskRolloverLeadMs), now))
  ) {
    actions.push({
      kind: 'prepublish_zsk',
      replaces: activeZsks.map((key) => key.id),
      activateAt: after(now, policy.zskPrepublishMs),
    });
  }

  for (const key of current) {
    if (key.keyType === 'KSK' && key.state === 'retiring' && due(key.removeAt, now)) {
      actions.push({ kind: 'remove_ksk', keyId: key.id });
    }
  }
  return actions;
}
