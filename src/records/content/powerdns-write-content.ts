import { formatIpv6, parseIpv6 } from 'src/records/content/ip-address';

/**
 * The content to SEND to PowerDNS for canonical content. It is the canonical content itself for everything but one
 * case: PowerDNS 4.7 stores IPv4-mapped/compatible AAAA addresses as `::ffff:192.0.2.1` yet refuses that very text as
 * input ("Invalid IPv6 address"), so the dotted tail is written in hex (`::ffff:c000:201`). PowerDNS then stores,
 * and returns, the canonical dotted form again.
 */
export function toPowerDnsContent(type: string, canonicalContent: string): string {
  if (type !== 'AAAA' || !canonicalContent.includes('.')) {
    return canonicalContent;
  }
  const words = parseIpv6(canonicalContent);
  return words === null ? canonicalContent : formatIpv6(words, { embeddedIpv4: false });
}
