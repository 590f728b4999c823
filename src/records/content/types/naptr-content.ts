import { MAX_CHARACTER_STRING_OCTETS, quoteCharacterString } from 'src/records/content/character-string';
import { ContentResult } from 'src/records/content/content-canonicaliser';
import { parseHost } from 'src/records/content/content-host';
import { UINT16_MAX, parseUnsigned } from 'src/records/content/content-number';
import { ContentToken, tokenizeContent } from 'src/records/content/content-tokens';
import { invalid } from 'src/records/content/validation-result';

const USAGE =
  `NAPTR content must be '<order> <preference> "<flags>" "<service>" "<regexp>" <replacement>', ` +
  `e.g. '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.'`;
// RFC 3403 §4.1: flags are single characters A-Z/0-9; services are protocol/resolution-service tokens joined by "+"
// (ENUM adds ":" subtypes, e.g. E2U+pstn:tel).
const FLAGS = /^[A-Za-z0-9]*$/;
const SERVICE = /^[A-Za-z0-9+:._-]*$/;

/**
 * RFC 3403. Flags, service and regexp may be given without quotes when they have no spaces; they are written back
 * quoted, flags in uppercase (they are case-insensitive). The regexp and the replacement are mutually exclusive
 * (§4.1), so a record with a regexp must have `.` as its replacement.
 */
export function canonicaliseNaptr(content: string, zoneFqdn: string): ContentResult {
  const tokens = tokenizeContent(content);
  if (!tokens.ok) {
    return invalid(`${USAGE}; ${tokens.error}`);
  }
  const [orderToken, preferenceToken, flagsToken, serviceToken, regexpToken, replacementToken, ...extra] =
    tokens.tokens;
  if (
    orderToken?.quoted !== false ||
    preferenceToken?.quoted !== false ||
    replacementToken?.quoted !== false ||
    extra.length > 0
  ) {
    return invalid(`${USAGE}, not '${content}'`);
  }
  const order = parseUnsigned(orderToken.text, 'NAPTR order', { max: UINT16_MAX });
  if (!order.ok) {
    return order;
  }
  const preference = parseUnsigned(preferenceToken.text, 'NAPTR preference', { max: UINT16_MAX });
  if (!preference.ok) {
    return preference;
  }
  const flags = octets(flagsToken).toString('latin1');
  if (!FLAGS.test(flags) || flags.length > MAX_CHARACTER_STRING_OCTETS) {
    return invalid(`NAPTR flags must be letters and digits (e.g. "S", "A", "U", "P"), not '${flags}'`);
  }
  const service = octets(serviceToken).toString('latin1');
  if (!SERVICE.test(service) || service.length > MAX_CHARACTER_STRING_OCTETS) {
    return invalid(`NAPTR service must be letters, digits and + : . _ - (e.g. "E2U+sip"), not '${service}'`);
  }
  const regexp = octets(regexpToken);
  if (regexp.length > MAX_CHARACTER_STRING_OCTETS) {
    return invalid(`NAPTR regexp is longer than ${MAX_CHARACTER_STRING_OCTETS} octets`);
  }
  const replacement = parseHost(replacementToken.text, zoneFqdn, 'NAPTR replacement', { allowRoot: true });
  if (!replacement.ok) {
    return replacement;
  }
  if (regexp.length > 0 && replacement.host !== '.') {
    return invalid(
      `NAPTR regexp and replacement are mutually exclusive: use '.' as the replacement with a regexp`,
    );
  }
  const quoted = [Buffer.from(flags.toUpperCase(), 'latin1'), Buffer.from(service, 'latin1'), regexp].map(
    quoteCharacterString,
  );
  return { ok: true, content: `${order.value} ${preference.value} ${quoted.join(' ')} ${replacement.host}` };
}

function octets(token: ContentToken): Buffer {
  return token.quoted ? token.bytes : Buffer.from(token.text, 'utf8');
}
