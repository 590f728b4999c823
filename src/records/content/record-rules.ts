import { ValidationResult, invalid } from 'src/records/content/validation-result';
import { toZoneFqdn } from 'src/records/content/zone-fqdn';

/**
 * TTL bounds in seconds: 1 minute to 1 week. Below a minute, resolvers (and PowerDNS's own packet cache) make shorter
 * values meaningless while multiplying query load; above a week, a mistake stays cached longer than anyone waits.
 */
export const MIN_TTL = 60;
export const MAX_TTL = 604_800;

export function validateTtl(ttl: unknown): ValidationResult<{ ttl: number }> {
  if (typeof ttl !== 'number' || !Number.isInteger(ttl) || ttl < MIN_TTL || ttl > MAX_TTL) {
    return invalid(`TTL must be a whole number of seconds from ${MIN_TTL} (1 minute) to ${MAX_TTL} (1 week)`);
  }
  return { ok: true, ttl };
}

/**
 * Where a record type may be placed in a zone (names absolute, as normaliseRecordName returns them):
 * - SOA is never user-managed, and neither is the apex NS rrset (it comes from the platform name servers);
 * - NS below the apex is a delegation and is allowed;
 * - CNAME cannot be at the apex (it would have to coexist with SOA and NS; ALIAS is the apex alternative);
 * - DS at the apex belongs in the parent zone; DS below the apex is the DS of a delegated child;
 * - NS and DS cannot be wildcards (a wildcard delegation is undefined, RFC 4592 §4.2);
 * - DNAME is allowed anywhere, the apex included (RFC 6672 permits it; PowerDNS accepts it).
 */
export function checkPlacement(type: string, fqdn: string, zone: string): ValidationResult {
  const zoneFqdn = toZoneFqdn(zone);
  const name = fqdn.toLowerCase();
  if (name !== zoneFqdn && !name.endsWith(`.${zoneFqdn}`)) {
    return invalid(`Name is outside the zone: ${fqdn} is not in ${zoneFqdn}`);
  }
  const atApex = name === zoneFqdn;
  const wildcard = name.startsWith('*.');
  if (type === 'SOA') {
    return invalid('SOA records are managed by ScaiDNS');
  }
  if (type === 'NS' && atApex) {
    return invalid("The zone's NS records are managed by ScaiDNS; use /admin/nameservers");
  }
  if (type === 'CNAME' && atApex) {
    return invalid(
      'A CNAME record cannot be at the zone apex, where the SOA and NS records are; use ALIAS instead',
    );
  }
  if (type === 'DS' && atApex) {
    return invalid(
      "A DS record cannot be at the zone apex: it belongs in the parent zone, at the child's name",
    );
  }
  if ((type === 'NS' || type === 'DS') && wildcard) {
    return invalid(`${type} records cannot have a wildcard name`);
  }
  return { ok: true };
}

/** A record already in the zone, as stored (canonical content, absolute name). */
export interface ExistingRecord {
  id: string;
  type: string;
  fqdn: string;
  content: string;
}

/** The record being created, or updated when `id` is set (its stored version is then not a conflict with itself). */
export interface CandidateRecord {
  id?: string;
  type: string;
  fqdn: string;
  content: string;
}

export type RrsetConflictKind = 'duplicate' | 'cname_conflict' | 'cname_single' | 'dname_single';

export interface RrsetConflict {
  kind: RrsetConflictKind;
  /** Ids of the existing records the candidate collides with (for `detail.conflicts`). */
  conflicts: string[];
  message: string;
}

/**
 * Conflicts between a candidate and the records at the same name, checked in this order:
 * - `duplicate`: same name, type and canonical content (PowerDNS refuses duplicate records in an rrset);
 * - `cname_conflict`: a CNAME cannot share its name with any other type (RFC 1034 §3.6.2), either way round;
 * - `cname_single` / `dname_single`: a CNAME or DNAME rrset holds exactly one record (PowerDNS refuses more).
 * Disabled records count: PowerDNS checks rrsets whether or not their records are disabled.
 *
 * Not checked (documented choices): records below a DNAME or a delegation (PowerDNS accepts them; they are simply
 * not served), DS without NS at the same name, and ALIAS next to A/AAAA (PowerDNS accepts it).
 * For a bulk create, pass the batch's earlier candidates in `existing` (with provisional ids).
 */
export function checkRrsetConsistency(
  existing: readonly ExistingRecord[],
  candidate: CandidateRecord,
): RrsetConflict | null {
  const name = candidate.fqdn.toLowerCase();
  const others = existing.filter(
    (record) =>
      record.fqdn.toLowerCase() === name && (candidate.id === undefined || record.id !== candidate.id),
  );
  const ids = (records: readonly ExistingRecord[]): string[] => records.map((record) => record.id);

  const duplicates = others.filter(
    (record) => record.type === candidate.type && record.content === candidate.content,
  );
  if (duplicates.length > 0) {
    return {
      kind: 'duplicate',
      conflicts: ids(duplicates),
      message: `A ${candidate.type} record with this content already exists at ${candidate.fqdn}`,
    };
  }
  if (candidate.type === 'CNAME') {
    const nonCname = others.filter((record) => record.type !== 'CNAME');
    if (nonCname.length > 0) {
      const types = [...new Set(nonCname.map((record) => record.type))].join(', ');
      return {
        kind: 'cname_conflict',
        conflicts: ids(nonCname),
        message: `A CNAME record cannot coexist with other records: ${candidate.fqdn} already has ${types}`,
      };
    }
  } else {
    const cnames = others.filter((record) => record.type === 'CNAME');
    if (cnames.length > 0) {
      return {
        kind: 'cname_conflict',
        conflicts: ids(cnames),
        message: `${candidate.fqdn} has a CNAME record, which cannot coexist with any other record`,
      };
    }
  }
  for (const [type, kind] of [
    ['CNAME', 'cname_single'],
    ['DNAME', 'dname_single'],
  ] as const) {
    const same = others.filter((record) => record.type === type);
    if (candidate.type === type && same.length > 0) {
      return {
        kind,
        conflicts: ids(same),
        message: `${candidate.fqdn} already has a ${type} record; a name can have only one`,
      };
    }
  }
  return null;
}
