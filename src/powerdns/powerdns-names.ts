import { PowerDnsInvalidRequestError } from 'src/powerdns/powerdns.errors';

/**
 * Normalises a DNS name the way ScaiDNS stores it: trimmed, lowercase, absolute (trailing dot). Throws
 * PowerDnsInvalidRequestError for names PowerDNS could never accept (empty, empty labels, whitespace).
 */
export function toAbsoluteName(name: string, operation: string, what = 'name'): string {
  const trimmed = typeof name === 'string' ? name.trim().toLowerCase() : '';
  const absolute = trimmed.endsWith('.') ? trimmed : `${trimmed}.`;
  if (
    absolute === '.' ||
    absolute.length > 254 ||
    /\s/.test(absolute) ||
    absolute.slice(0, -1).split('.').includes('')
  ) {
    throw new PowerDnsInvalidRequestError(operation, `'${String(name)}' is not a valid ${what}`);
  }
  return absolute;
}

/** True when `name` is `zone` or below it (both absolute, lowercase). */
export function isInZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/**
 * PowerDNS's zone id for a zone name (its `apiZoneNameToId`): every byte other than `A-Z a-z 0-9 . -` becomes `=XX`
 * (upper-case hex), so `0/26.2.0.192.in-addr.arpa.` has the id `0=2F26.2.0.192.in-addr.arpa.`; the root is `=2E`.
 */
export function pdnsZoneId(zone: string): string {
  if (zone === '.') {
    return '=2E';
  }
  let id = '';
  for (const byte of Buffer.from(zone, 'utf8')) {
    const char = String.fromCharCode(byte);
    id += /[A-Za-z0-9.-]/.test(char) ? char : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return id.endsWith('.') ? id : `${id}.`;
}

/** The URL path segment of a zone: its PowerDNS id, URL-encoded (PowerDNS decodes `%3D` back to `=`). */
export function zonePath(zone: string): string {
  return `/zones/${encodeURIComponent(pdnsZoneId(zone))}`;
}
