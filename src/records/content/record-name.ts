import { MAX_NAME_CHARS, nameFits, toAsciiLabels } from 'src/records/content/dns-labels';
import { ValidationResult, invalid } from 'src/records/content/validation-result';
import { foldLabel, toZoneFqdn } from 'src/records/content/zone-fqdn';

export type RecordNameResult = ValidationResult<{
  /** Absolute, lowercase, punycode, with trailing dot: `www.example.com.` */
  fqdn: string;
  /** Relative to the zone: `www`, `_sip._tcp`, `*.dev`, or `@` for the apex. */
  relative: string;
}>;

export type ZoneNameResult = ValidationResult<{ fqdn: string }>;

// Controls (checked before trimming, so a pasted trailing newline is reported, not hidden) and, after trimming,
// any kind of space: never part of a name.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f]/;
const SPACE = /\s/;
const REVERSE_ROOTS = ['in-addr.arpa', 'ip6.arpa'];

/**
 * A record name as a user may write it, made absolute:
 * - `@` is the apex; `www`, `a.b`, `*.dev`, `_sip._tcp` are relative to the zone;
 * - a trailing dot makes a name absolute (`www.example.com.`), and it must then lie in the zone;
 * - WITHOUT a trailing dot, a name that ends with the zone name is taken as absolute (`www.example.com` in
 *   `example.com` is `www.example.com.`, not `www.example.com.example.com.`), anything else as relative;
 * - case is folded, Unicode labels become punycode, `*` is allowed as the leftmost label only.
 */
export function normaliseRecordName(input: string, zone: string): RecordNameResult {
  if (typeof input !== 'string') {
    return invalid('Name must be a string');
  }
  const zoneFqdn = toZoneFqdn(zone);
  const zoneLabels = zoneFqdn.slice(0, -1).split('.');
  const text = input.trim();
  if (text === '') {
    return invalid('Name is required');
  }
  if (CONTROL.test(input) || SPACE.test(text)) {
    return invalid(`Name '${text}' contains spaces or control characters`);
  }
  if (text === '@') {
    return { ok: true, fqdn: zoneFqdn, relative: '@' };
  }
  if (text === '.') {
    return invalid(`Name is outside the zone: '.' is the root, not in ${zoneFqdn}`);
  }
  const absolute = text.endsWith('.');
  const body = absolute ? text.slice(0, -1) : text;
  const rawLabels = body.split('.');
  const endsWithZone = hasSuffix(rawLabels.map(foldLabel), zoneLabels);

  if (absolute && !endsWithZone) {
    const labels = toAsciiLabels(body, 'Name', { allowWildcard: true });
    return labels.ok ? invalid(`Name is outside the zone: '${text}' is not in ${zoneFqdn}`) : labels;
  }
  // Only the labels the user adds to the zone are checked; the zone's own labels were checked when it was created.
  const ownLabels = endsWithZone ? rawLabels.slice(0, rawLabels.length - zoneLabels.length) : rawLabels;
  if (ownLabels.length === 0) {
    return { ok: true, fqdn: zoneFqdn, relative: '@' };
  }
  const labels = toAsciiLabels(ownLabels.join('.'), 'Name', { allowWildcard: true });
  if (!labels.ok) {
    return labels;
  }
  const relative = labels.labels.join('.');
  const fqdn = `${relative}.${zoneFqdn}`;
  if (!nameFits(fqdn)) {
    return invalid(`Name '${text}' is longer than ${MAX_NAME_CHARS} characters in the zone ${zoneFqdn}`);
  }
  return { ok: true, fqdn, relative };
}

/**
 * A zone name: the label rules of record names without wildcards, at least two labels, no all-numeric last label
 * (that is an IP address, not a domain), and under `.arpa` only reverse zones strictly below in-addr.arpa / ip6.arpa
 * (`10.in-addr.arpa`). Result: lowercase punycode with trailing dot.
 */
export function normaliseZoneName(input: string): ZoneNameResult {
  if (typeof input !== 'string') {
    return invalid('Zone name must be a string');
  }
  const text = input.trim();
  if (text === '' || text === '.') {
    return invalid('Zone name is required');
  }
  if (CONTROL.test(input) || SPACE.test(text)) {
    return invalid(`Zone name '${text}' contains spaces or control characters`);
  }
  const converted = toAsciiLabels(text.replace(/\.$/, ''), 'Zone name');
  if (!converted.ok) {
    return converted;
  }
  const { labels } = converted;
  const name = labels.join('.');
  if (labels.length < 2) {
    return invalid(`Zone name '${text}' needs at least two labels, e.g. example.com`);
  }
  const last = labels[labels.length - 1];
  if (/^[0-9]+$/.test(last)) {
    return invalid(
      `Zone name '${text}' is an address, not a domain; reverse zones end in .in-addr.arpa or .ip6.arpa`,
    );
  }
  if (last === 'arpa' && !REVERSE_ROOTS.some((root) => name.endsWith(`.${root}`))) {
    return invalid(
      `Zone name '${text}': under .arpa only reverse zones below in-addr.arpa or ip6.arpa are allowed`,
    );
  }
  const fqdn = `${name}.`;
  if (!nameFits(fqdn)) {
    return invalid(`Zone name '${text}' is longer than ${MAX_NAME_CHARS} characters`);
  }
  return { ok: true, fqdn };
}

/** The name relative to the zone for `display_name`: `@` for the apex, `www` for `www.example.com.`. */
export function displayName(fqdn: string, zone: string): string {
  const zoneFqdn = toZoneFqdn(zone);
  const name = fqdn.toLowerCase().endsWith('.') ? fqdn.toLowerCase() : `${fqdn.toLowerCase()}.`;
  if (name === zoneFqdn) {
    return '@';
  }
  // A name outside the zone has no relative form; it is returned as given rather than invented.
  return name.endsWith(`.${zoneFqdn}`) ? name.slice(0, -zoneFqdn.length - 1) : fqdn;
}

function hasSuffix(labels: string[], suffix: string[]): boolean {
  if (labels.length < suffix.length) {
    return false;
  }
  const offset = labels.length - suffix.length;
  return suffix.every((label, index) => labels[offset + index] === label);
}
