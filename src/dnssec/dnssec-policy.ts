const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;

/** Documented lifetimes (concepts/dnssec): KSK 365 days, ZSK 30 days, 7-day rollover overlap. */
export const KSK_LIFETIME_MS = 365 * DAY;
export const ZSK_LIFETIME_MS = 30 * DAY;
export const ROLLOVER_OVERLAP_MS = 7 * DAY;

/**
 * How long a new ZSK sits in the DNSKEY set before it signs anything: the DNSKEY TTL (PowerDNS serves it with the
 * SOA minimum, 3600 s for ScaiDNS zones) plus time for every secondary and cache to pick the new set up.
 */
export const ZSK_PREPUBLISH_MS = DAY;

/**
 * How long a replaced ZSK stays published after it stopped signing: resolvers may hold signatures it made for as long
 * as the longest TTL ScaiDNS allows (604 800 s), so the key leaves after that — the documented 7-day overlap.
 */
export const ZSK_RETIRE_MS = ROLLOVER_OVERLAP_MS;

/**
 * How long a replaced KSK keeps signing the DNSKEY set after the parent's new DS was confirmed: resolvers may still
 * hold the parent's previous DS set for its TTL (one day at most TLDs), plus a margin.
 */
export const KSK_RETIRE_MS = 2 * DAY;

/** How often the worker runs the rollover check. */
export const ROLLOVER_CHECK_EVERY_MS = 15 * 60 * SECOND;

/** The DNSSEC algorithm of new zones when the caller names none (ECDSA P-256, the documented default). */
export const DEFAULT_DNSSEC_ALGORITHM = 13;

/** RSA key size for algorithms 8 and 10 (the elliptic-curve algorithms have fixed sizes). */
export const RSA_KEY_BITS = 2048;

/** The key lifecycle timings. Injected (DNSSEC_POLICY) so tests and special deployments can shorten them. */
export interface DnssecPolicy {
  kskLifetimeMs: number;
  zskLifetimeMs: number;
  /** A ZSK rollover starts automatically when the active ZSK is this close to its expiry. */
  zskRolloverLeadMs: number;
  zskPrepublishMs: number;
  zskRetireMs: number;
  /** 0 removes the old KSK as soon as the new DS is confirmed. */
  kskRetireMs: number;
  rolloverCheckEveryMs: number;
}

export const DEFAULT_DNSSEC_POLICY: Readonly<DnssecPolicy> = Object.freeze({
  kskLifetimeMs: KSK_LIFETIME_MS,
  zskLifetimeMs: ZSK_LIFETIME_MS,
  zskRolloverLeadMs: ROLLOVER_OVERLAP_MS,
  zskPrepublishMs: ZSK_PREPUBLISH_MS,
  zskRetireMs: ZSK_RETIRE_MS,
  kskRetireMs: KSK_RETIRE_MS,
  rolloverCheckEveryMs: ROLLOVER_CHECK_EVERY_MS,
});

/** Injection token of the DnssecPolicy (DnssecModule provides DEFAULT_DNSSEC_POLICY). */
export const DNSSEC_POLICY = Symbol('DNSSEC_POLICY');
