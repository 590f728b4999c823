import { ContentResult } from 'src/records/content/content-canonicaliser';
import { formatIpv6, parseIpv4, parseIpv6 } from 'src/records/content/ip-address';
import { invalid } from 'src/records/content/validation-result';

export function canonicaliseA(content: string): ContentResult {
  const octets = parseIpv4(content);
  return octets === null
    ? invalid(
        `A content must be an IPv4 address such as 192.0.2.10 (four numbers 0-255, no leading zeros), not '${content}'`,
      )
    : { ok: true, content: octets.join('.') };
}

/**
 * RFC 5952 form, as PowerDNS stores it. IPv4-mapped (`::ffff:192.0.2.1`) and IPv4-compatible addresses keep their
 * dotted tail because that is PowerDNS's stored form; PowerDNS 4.7 refuses that form as input, so writers send
 * `toPowerDnsContent` (powerdns-write-content.ts), which spells the tail in hex.
 */
export function canonicaliseAaaa(content: string): ContentResult {
  const words = parseIpv6(content);
  return words === null
    ? invalid(`AAAA content must be an IPv6 address such as 2001:db8::10, not '${content}'`)
    : { ok: true, content: formatIpv6(words, { embeddedIpv4: true }) };
}
