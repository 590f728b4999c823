import { domainToASCII } from 'node:url';
import { ValidationResult, invalid } from 'src/records/content/validation-result';

/** RFC 1035 §2.3.4: a label holds at most 63 octets. */
export const MAX_LABEL_OCTETS = 63;

/** 253 characters without the trailing dot are 255 octets on the wire, the RFC 1035 limit for a whole name. */
export const MAX_NAME_CHARS = 253;

/**
 * Letters, digits, hyphens and underscores; no hyphen at either end. Underscores are not hostname syntax, but DNS
 * allows them and service names need them (`_dmarc`, `_sip._tcp`, DKIM selectors in CNAME targets).
 */
const LABEL_PATTERN = /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?$/;

/**
 * Splits a relative or absolute name (without its trailing dot) into lowercase ASCII labels: Unicode labels become
 * punycode (`bücher` -> `xn--bcher-kva`) and punycode labels must decode. `allowWildcard` permits `*` as the first
 * label only. `what` names the input in messages ("Name", "Host").
 */
export function toAsciiLabels(
  text: string,
  what: string,
  options: { allowWildcard?: boolean } = {},
): ValidationResult<{ labels: string[] }> {
  const labels: string[] = [];
  const raw = text.split('.');
  for (const [index, label] of raw.entries()) {
    if (label === '') {
      return invalid(`${what} '${text}' has an empty label (a leading dot or two dots in a row)`);
    }
    if (label === '*') {
      if (!options.allowWildcard) {
        return invalid(`${what} '${text}' cannot contain a wildcard (*)`);
      }
      if (index !== 0) {
        return invalid(`${what} '${text}': a wildcard (*) is only allowed as the leftmost label`);
      }
      labels.push(label);
      continue;
    }
    const ascii = toAsciiLabel(label);
    if (!ascii.ok) {
      return ascii;
    }
    labels.push(ascii.label);
  }
  return { ok: true, labels };
}

/** True when the absolute name (with trailing dot) fits the 255-octet wire limit. */
export function nameFits(fqdn: string): boolean {
  return fqdn.length - 1 <= MAX_NAME_CHARS;
}

function toAsciiLabel(label: string): ValidationResult<{ label: string }> {
  let ascii = label.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(label)) {
    // One label at a time: given a whole name, the WHATWG host parser would read `1.2` as the IPv4 address 1.0.0.2.
    ascii = domainToASCII(label);
    if (ascii === '' || ascii.includes('.')) {
      return invalid(`Label '${label}' is not a valid internationalised name`);
    }
  } else if (ascii.startsWith('xn--') && domainToASCII(ascii) !== ascii) {
    return invalid(`Label '${label}' is not valid punycode`);
  }
  if (ascii.includes('*')) {
    return invalid(`Label '${label}': a wildcard (*) must be a whole label`);
  }
  if (ascii.length > MAX_LABEL_OCTETS) {
    return invalid(`Label '${label}' is longer than ${MAX_LABEL_OCTETS} characters`);
  }
  if (!LABEL_PATTERN.test(ascii)) {
    return invalid(
      /^-|-$/.test(ascii)
        ? `Label '${label}' cannot start or end with a hyphen`
        : `Label '${label}' may only contain letters, digits, hyphens and underscores`,
    );
  }
  return { ok: true, label: ascii };
}
