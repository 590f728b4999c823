import { isIP } from 'node:net';

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
