import {
  CheckOutcome,
  CheckedServer,
  DelegationCheckResult,
  ServerVerdict,
} from 'src/dns-lookup/dns-lookup.types';
import { normalizeName } from 'src/dns-lookup/dns-wire';

/**
 * The pure decisions of the ownership checks (no I/O), kept apart so they can be tested exhaustively.
 *
 * TXT challenge, several authoritative servers: the check passes when at least one server answered and EVERY server
 * that answered returns the expected value. Servers that did not answer (timeout, refused, lame) are listed but do not
 * block: one dead secondary must not make validation impossible, and it cannot make a wrong answer pass either.
 */

/** Compares TXT values leniently: surrounding whitespace and one pair of surrounding double quotes are ignored. */
export function txtVerdict(values: string[], expected: string): Exclude<ServerVerdict, 'unreachable'> {
  if (values.length === 0) {
    return 'missing';
  }
  const wanted = cleanTxt(expected);
  return values.some((value) => cleanTxt(value) === wanted) ? 'match' : 'mismatch';
}

function cleanTxt(value: string): string {
  const trimmed = value.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')
    ? trimmed.slice(1, -1)
    : trimmed;
}

/**
 * The outcome of a TXT challenge from what each server said; null when no server answered at all (the caller then
 * falls back to the resolvers, or reports an error).
 */
export function summarizeTxtCheck(
  recordName: string,
  expected: string,
  checked: CheckedServer[],
): { outcome: CheckOutcome; message: string } | null {
  const answered = checked.filter((entry) => entry.result !== 'unreachable');
  if (answered.length === 0) {
    return null;
  }
  const name = normalizeName(recordName);
  const matching = answered.filter((entry) => entry.result === 'match');
  if (matching.length === answered.length) {
    return { outcome: 'valid', message: `TXT record ${name} has the expected value` };
  }
  if (matching.length > 0) {
    const lagging = answered.filter((entry) => entry.result !== 'match').map(describeServer);
    return {
      outcome: 'invalid',
      message:
        `TXT record ${name} has the expected value on ${matching.length} of ${answered.length} ` +
        `nameservers, not yet on ${lagging.join(', ')}. Wait for the change to reach every nameserver.`,
    };
  }
  if (answered.some((entry) => entry.result === 'mismatch')) {
    return { outcome: 'invalid', message: `TXT record found but value doesn't match. Expected: ${expected}` };
  }
  return { outcome: 'invalid', message: `No DNS record found for ${name}` };
}

function describeServer(entry: CheckedServer): string {
  return entry.address ? `${entry.server} (${entry.address})` : entry.server;
}

/** Compares NS sets: case-insensitive, trailing dots ignored, order and duplicates irrelevant. */
export function compareNameservers(zone: string, found: string[], expected: string[]): DelegationCheckResult {
  const have = normalizedSet(found);
  const want = normalizedSet(expected);
  const name = normalizeName(zone);
  const equal = have.length === want.length && have.every((host, i) => host === want[i]);
  if (equal) {
    return {
      valid: true,
      outcome: 'valid',
      message: `Nameservers match: ${have.join(', ')}`,
      found: have,
      expected: want,
    };
  }
  const message =
    have.length === 0
      ? `No NS records found for ${name}. Expected: ${want.join(', ')}`
      : `Nameservers don't match. Expected: ${want.join(', ')}; found: ${have.join(', ')}`;
  return { valid: false, outcome: 'invalid', message, found: have, expected: want };
}

function normalizedSet(names: string[]): string[] {
  return [...new Set(names.map(normalizeName).filter((name) => name !== ''))].sort();
}
