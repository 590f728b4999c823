import { domainToASCII } from 'node:url';

/**
 * A zone name as the record functions compare against it: trimmed, lowercase, punycode, trailing dot. Zones were
 * validated by normaliseZoneName when they were created, so this only folds the spelling and never rejects; in
 * particular it trusts labels that record names may not use.
 */
export function toZoneFqdn(zone: string): string {
  const body = String(zone).trim().toLowerCase().replace(/\.$/, '');
  return `${body.split('.').map(foldLabel).join('.')}.`;
}

/** Lowercase, and punycode for Unicode labels; a label that cannot be converted is returned unchanged. */
export function foldLabel(label: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(label) ? domainToASCII(label) || label : label.toLowerCase();
}
