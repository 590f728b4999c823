import { isInZone, toAbsoluteName } from 'src/powerdns/powerdns-names';
import { PowerDnsInvalidRequestError } from 'src/powerdns/powerdns.errors';
import { RrsetChange } from 'src/powerdns/powerdns.types';

/**
 * The largest PATCH body ScaiDNS sends, in bytes (JSON, UTF-8). PowerDNS refuses bodies over
 * `webserver-max-bodysize` (2 MB by default) with a plain `400 Bad Request` (P7); 1 MB leaves room.
 *
 * A PATCH is atomic inside PowerDNS, but a change list larger than this is split into several PATCHes, and a failure
 * in a later one leaves the earlier ones applied. Callers that need all-or-nothing must keep their change list under
 * this size: check it with `splitRrsetChanges(zone, changes).length === 1`.
 * About 7,800 single-record A rrsets (~128 bytes each) fit in 1 MB.
 */
export const PATCH_CHUNK_MAX_BYTES = 1_000_000;

/** PowerDNS's JSON for one rrset change. */
export interface PdnsRrsetChange {
  name: string;
  type: string;
  changetype: 'REPLACE' | 'DELETE';
  ttl?: number;
  records?: { content: string; disabled: boolean }[];
}

const BODY_OVERHEAD_BYTES = Buffer.byteLength('{"rrsets":[]}');
const TYPE_PATTERN = /^[A-Z][A-Z0-9]*$/;
const MAX_TTL = 2_147_483_647;

/**
 * Validates a change list ScaiDNS-side and converts it to PowerDNS's JSON. Refuses what PowerDNS would accept but
 * must not get, and what it would reject anyway with a less helpful message:
 * - deleting the apex SOA (by DELETE, or by REPLACE with no records): PowerDNS accepts it and the zone goes dead (P2);
 * - the same (name, type) twice in one list (PowerDNS: 422 "Duplicate RRset");
 * - names outside the zone, REPLACE without a ttl or records, unknown change types.
 */
export function toPdnsRrsetChanges(
  zone: string,
  changes: RrsetChange[],
  operation = 'patchRrsets',
): PdnsRrsetChange[] {
  if (!Array.isArray(changes)) {
    throw new PowerDnsInvalidRequestError(operation, 'the rrset changes must be a list');
  }
  const seen = new Set<string>();
  return changes.map((change, index) => {
    const where = `change #${index + 1}`;
    const name = toAbsoluteName(change?.name, operation, `rrset name (${where})`);
    if (!isInZone(name, zone)) {
      throw new PowerDnsInvalidRequestError(operation, `${name} is not inside the zone ${zone} (${where})`);
    }
    const type = typeof change.type === 'string' ? change.type.trim().toUpperCase() : '';
    if (!TYPE_PATTERN.test(type)) {
      throw new PowerDnsInvalidRequestError(
        operation,
        `'${String(change.type)}' is not a record type (${where})`,
      );
    }
    const key = `${name} ${type}`;
    if (seen.has(key)) {
      throw new PowerDnsInvalidRequestError(
        operation,
        `${name} ${type} appears more than once in one change (${where})`,
      );
    }
    seen.add(key);

    switch (change.changetype) {
      case 'DELETE':
        if (type === 'SOA' && name === zone) {
          throw new PowerDnsInvalidRequestError(operation, `the SOA of ${zone} cannot be deleted`);
        }
        return { name, type, changetype: 'DELETE' };
      case 'REPLACE': {
        if (!Number.isInteger(change.ttl) || change.ttl < 0 || change.ttl > MAX_TTL) {
          throw new PowerDnsInvalidRequestError(
            operation,
            `${name} ${type} needs a ttl between 0 and ${MAX_TTL} (${where})`,
          );
        }
        if (!Array.isArray(change.records)) {
          throw new PowerDnsInvalidRequestError(
            operation,
            `${name} ${type} needs a list of records (${where})`,
          );
        }
        if (type === 'SOA' && name === zone && change.records.length === 0) {
          throw new PowerDnsInvalidRequestError(operation, `the SOA of ${zone} cannot be deleted`);
        }
        const records = change.records.map((record) => {
          if (typeof record?.content !== 'string') {
            throw new PowerDnsInvalidRequestError(
              operation,
              `${name} ${type} has a record without content (${where})`,
            );
          }
          return { content: record.content, disabled: record.disabled === true };
        });
        return { name, type, changetype: 'REPLACE', ttl: change.ttl, records };
      }
      default:
        throw new PowerDnsInvalidRequestError(
          operation,
          `'${String((change as { changetype?: unknown }).changetype)}' is not REPLACE or DELETE (${where})`,
        );
    }
  });
}

/**
 * Splits PowerDNS rrset changes into PATCH bodies of at most `maxBytes` each, in order. A single change that alone
 * exceeds `maxBytes` is refused (no DNS rrset is anywhere near that big).
 */
export function chunkPdnsRrsetChanges(
  changes: PdnsRrsetChange[],
  maxBytes = PATCH_CHUNK_MAX_BYTES,
  operation = 'patchRrsets',
): PdnsRrsetChange[][] {
  const chunks: PdnsRrsetChange[][] = [];
  let current: PdnsRrsetChange[] = [];
  let size = BODY_OVERHEAD_BYTES;
  for (const change of changes) {
    const bytes = Buffer.byteLength(JSON.stringify(change)) + 1; // + the comma
    if (BODY_OVERHEAD_BYTES + bytes > maxBytes) {
      throw new PowerDnsInvalidRequestError(
        operation,
        `the rrset ${change.name} ${change.type} is too large (${bytes} bytes)`,
      );
    }
    if (current.length > 0 && size + bytes > maxBytes) {
      chunks.push(current);
      current = [];
      size = BODY_OVERHEAD_BYTES;
    }
    current.push(change);
    size += bytes;
  }
  if (current.length > 0) {
    chunks.push(current);
  }
  return chunks;
}

/** Validates and splits a change list exactly as `PowerDnsService.patchRrsets` will; length 1 means one atomic PATCH. */
export function splitRrsetChanges(zone: string, changes: RrsetChange[]): PdnsRrsetChange[][] {
  return chunkPdnsRrsetChanges(toPdnsRrsetChanges(toAbsoluteName(zone, 'patchRrsets', 'zone name'), changes));
}
