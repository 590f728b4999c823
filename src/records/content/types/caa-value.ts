import { toAsciiLabels } from 'src/records/content/dns-labels';
import { ValidationResult, invalid } from 'src/records/content/validation-result';

/** The CAA property tags ScaiDNS accepts: RFC 8659 plus the CA/Browser Forum contact tags. */
export const CAA_TAGS = ['issue', 'issuewild', 'iodef', 'contactemail', 'contactphone'] as const;
export type CaaTag = (typeof CAA_TAGS)[number];

// RFC 8659 §4.2: parameter tag is alphanumeric, its value any visible character except ';'.
const PARAMETER = /^([A-Za-z0-9]+)\s*=\s*([\x21-\x3a\x3c-\x7e]*)$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ().-]*[0-9]$/;

/** Checks a CAA value for its tag and returns its canonical spelling. */
export function canonicaliseCaaValue(tag: CaaTag, value: string): ValidationResult<{ value: string }> {
  switch (tag) {
    case 'issue':
    case 'issuewild':
      return issueValue(tag, value);
    case 'iodef':
      return isIodefUrl(value)
        ? { ok: true, value }
        : invalid(`CAA iodef value must be a mailto: address or an http(s) URL, not '${value}'`);
    case 'contactemail':
      return EMAIL.test(value)
        ? { ok: true, value }
        : invalid(`CAA contactemail value must be an e-mail address, not '${value}'`);
    case 'contactphone':
      return PHONE.test(value)
        ? { ok: true, value }
        : invalid(`CAA contactphone value must be a phone number such as +1 555 0100, not '${value}'`);
  }
}

/**
 * `[issuer-domain] [; key=value; ...]` (RFC 8659 §4.2). The domain is compared case-insensitively by CAs, so it is
 * lowercased; parameters are written `key=value` and joined with `; `. An empty value or `;` forbids issuance.
 */
function issueValue(tag: CaaTag, value: string): ValidationResult<{ value: string }> {
  const semicolon = value.indexOf(';');
  const domain = (semicolon < 0 ? value : value.slice(0, semicolon)).trim();
  const usage = `CAA ${tag} value must be a CA domain such as letsencrypt.org, optionally followed by '; key=value'`;
  let canonicalDomain = '';
  if (domain !== '') {
    const labels = domain.endsWith('.') ? null : toAsciiLabels(domain, 'CAA issuer');
    if (labels === null || !labels.ok || labels.labels.length < 2 || domain.includes('_')) {
      return invalid(`${usage}; '${domain}' is not a domain name`);
    }
    canonicalDomain = labels.labels.join('.');
  }
  if (semicolon < 0) {
    return { ok: true, value: canonicalDomain };
  }
  const parameters: string[] = [];
  for (const part of value.slice(semicolon + 1).split(';')) {
    if (part.trim() === '') {
      continue;
    }
    const match = PARAMETER.exec(part.trim());
    if (match === null) {
      return invalid(`${usage}; '${part.trim()}' is not a key=value parameter`);
    }
    parameters.push(`${match[1]}=${match[2]}`);
  }
  return {
    ok: true,
    value: `${canonicalDomain};${parameters.length > 0 ? ` ${parameters.join('; ')}` : ''}`,
  };
}

function isIodefUrl(value: string): boolean {
  if (/^mailto:/i.test(value)) {
    return EMAIL.test(value.slice('mailto:'.length));
  }
  if (!/^https?:\/\//i.test(value)) {
    return false;
  }
  try {
    return new URL(value).hostname !== '';
  } catch {
    return false;
  }
}
