import { BlockList, isIP } from 'node:net';

/** Upper bound on whitelist entries per key: enough for real networks, small enough to check on every request. */
export const MAX_IP_WHITELIST_ENTRIES = 100;

/** True for a bare IPv4/IPv6 address or a CIDR (`10.0.0.0/8`, `2001:db8::/32`) with a prefix length in range. */
export function isIpOrCidr(value: string): boolean {
  const parts = value.split('/');
  if (parts.length > 2) {
    return false;
  }
  const [network, bits] = parts;
  const family = isIP(network);
  if (family === 0) {
    return false;
  }
  if (bits === undefined) {
    return true;
  }
  if (!/^\d{1,3}$/.test(bits)) {
    return false;
  }
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/** True when `ip` falls inside one of the CIDRs (IPv4 or IPv6; IPv4-mapped IPv6 addresses count as IPv4). */
export function ipAllowed(ip: string | null, cidrs: string[]): boolean {
  if (!ip) {
    return false;
  }
  const address = ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
  const family = isIP(address);
  if (family === 0) {
    return false;
  }
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network, bits] = cidr.split('/');
    const networkFamily = isIP(network);
    if (networkFamily === 0) {
      continue;
    }
    const type = networkFamily === 4 ? 'ipv4' : 'ipv6';
    const prefix = bits === undefined ? (networkFamily === 4 ? 32 : 128) : Number(bits);
    list.addSubnet(network, prefix, type);
  }
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
