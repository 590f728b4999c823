import { MAX_NAME_CHARS, nameFits, toAsciiLabels } from 'src/records/content/dns-labels';
import { parseIpv4, parseIpv6 } from 'src/records/content/ip-address';
import { ValidationResult, invalid } from 'src/records/content/validation-result';

/**
 * A host name inside record content (MX exchange, CNAME target, SRV target...), made absolute:
 * - `@` is the zone apex;
 * - a host WITHOUT a trailing dot is taken as fully qualified and gets the dot (`mail.example.com` ->
 *   `mail.example.com.`). API users write FQDNs and rarely remember the dot; the zone-file rule (append the zone)
 *   would silently turn that into `mail.example.com.example.com.`;
 * - so that `mail` alone is not silently read as the top-level name `mail.`, a host without a dot must have at least
 *   two labels; a single label needs its trailing dot (`localhost.`) or `@`;
 * - `.` (the root) only where `allowRoot` says it means "no host" (null MX, SRV/NAPTR "no target");
 * - an IP address is refused rather than read as the name `192.0.2.1.` (a common mistake in MX and CNAME);
 * - labels follow the record-name rules (case folded, punycode), without wildcards; `hostnameSyntax` (MX, NS, SRV
 *   targets) also refuses underscores.
 */
export function parseHost(
  word: string | undefined,
  zoneFqdn: string,
  field: string,
  options: { allowRoot?: boolean; hostnameSyntax?: boolean } = {},
): ValidationResult<{ host: string }> {
  if (word === undefined || word === '') {
    return invalid(`${field} is missing`);
  }
  if (word === '@') {
    return { ok: true, host: zoneFqdn };
  }
  if (word === '.') {
    return options.allowRoot
      ? { ok: true, host: '.' }
      : invalid(`${field} cannot be '.' (the root); write a host name`);
  }
  const absolute = word.endsWith('.');
  const body = absolute ? word.slice(0, -1) : word;
  if (parseIpv4(body) !== null || parseIpv6(word) !== null) {
    return invalid(
      `${field} '${word}' is an IP address; it must be a host name (with an A/AAAA record of its own)`,
    );
  }
  if (!absolute && !body.includes('.')) {
    return invalid(
      `${field} '${word}' is a single label: write the full name (e.g. ${word}.${zoneFqdn}), ` +
        `add a trailing dot, or use @ for the zone apex`,
    );
  }
  const converted = toAsciiLabels(body, field);
  if (!converted.ok) {
    return converted;
  }
  if (options.hostnameSyntax && converted.labels.some((label) => label.includes('_'))) {
    // PowerDNS 4.7 refuses MX, NS and SRV targets that are not host names ("non-hostname content"), and a pending
    // zone holding one could never be published: refuse it up front.
    return invalid(`${field} '${word}' is not a host name: underscores are not allowed here (RFC 1123)`);
  }
  const host = `${converted.labels.join('.')}.`;
  if (!nameFits(host)) {
    return invalid(`${field} '${word}' is longer than ${MAX_NAME_CHARS} characters`);
  }
  return { ok: true, host };
}
