import { formatIpv6, parseIpv4, parseIpv6 } from 'src/records/content/ip-address';

export type IpVersion = 4 | 6;

/** An address as an unsigned integer: 32 bits for IPv4, 128 for IPv6. */
export interface IpAddress {
  version: IpVersion;
  value: bigint;
}

/** A network: the address with every host bit clear, and the prefix length. */
export interface Cidr {
  version: IpVersion;
  network: bigint;
  prefix: number;
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; error: string };

export const ADDRESS_BITS: Record<IpVersion, number> = { 4: 32, 6: 128 };

/** A strict IPv4 dotted quad or an IPv6 address (RFC 4291 text forms); null for anything else. */
export function parseIp(text: string): IpAddress | null {
  if (typeof text !== 'string') {
    return null;
  }
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const words = parseIpv6(trimmed);
    return words ? { version: 6, value: words.reduce((sum, word) => (sum << 16n) | BigInt(word), 0n) } : null;
  }
  const octets = parseIpv4(trimmed);
  return octets
    ? { version: 4, value: octets.reduce((sum, octet) => (sum << 8n) | BigInt(octet), 0n) }
    : null;
}

/** Dotted quad, or RFC 5952 text for IPv6 (lowercase, shortest, `::ffff:192.0.2.1` for IPv4-mapped). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) {
    return splitBits(ip.value, 8, 4).join('.');
  }
  return formatIpv6(splitBits(ip.value, 16, 8), { embeddedIpv4: true });
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ version: cidr.version, value: cidr.network })}/${cidr.prefix}`;
}

/**
 * `address/prefix` with the prefix in range for the family. Host bits must be clear: `192.0.2.1/24` is refused
 * (naming `192.0.2.0/24`), because a typo there would otherwise silently become a different network.
 */
export function parseCidr(text: string): CidrResult {
  if (typeof text !== 'string' || text.trim() === '') {
    return { ok: false, error: 'CIDR is required, e.g. 192.0.2.0/24 or 2001:db8::/48' };
  }
  const trimmed = text.trim();
  const parts = trimmed.split('/');
  if (parts.length !== 2) {
    return {
      ok: false,
      error: `'${trimmed}' is not a CIDR: write an address and a prefix length, e.g. 192.0.2.0/24 or 2001:db8::/48`,
    };
  }
  const [addressText, prefixText] = parts;
  const address = parseIp(addressText);
  if (!address) {
    return {
      ok: false,
      error: `'${trimmed}' is not a CIDR: '${addressText}' is not an IPv4 or IPv6 address`,
    };
  }
  const bits = ADDRESS_BITS[address.version];
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > bits) {
    return {
      ok: false,
      error: `'${trimmed}' is not a CIDR: the prefix length must be a number from 0 to ${bits} for IPv${address.version}`,
    };
  }
  const prefix = Number(prefixText);
  const network = address.value & ~hostMask(address.version, prefix);
  if (network !== address.value) {
    const suggestion = formatCidr({ version: address.version, network, prefix });
    return { ok: false, error: `'${trimmed}' has host bits set: the network is ${suggestion}` };
  }
  return { ok: true, cidr: { version: address.version, network, prefix } };
}

/** The host part of a prefix as a mask: `0.0.0.255` for an IPv4 /24. */
export function hostMask(version: IpVersion, prefix: number): bigint {
  return (1n << BigInt(ADDRESS_BITS[version] - prefix)) - 1n;
}

export function addressCount(cidr: Cidr): bigint {
  return 1n << BigInt(ADDRESS_BITS[cidr.version] - cidr.prefix);
}

export function firstAddress(cidr: Cidr): IpAddress {
  return { version: cidr.version, value: cidr.network };
}

/** The broadcast address of an IPv4 network; the last address of any network. */
export function lastAddress(cidr: Cidr): IpAddress {
  return { version: cidr.version, value: cidr.network | hostMask(cidr.version, cidr.prefix) };
}

export function containsIp(cidr: Cidr, ip: IpAddress): boolean {
  return ip.version === cidr.version && (ip.value & ~hostMask(cidr.version, cidr.prefix)) === cidr.network;
}

/** True when the two networks share at least one address (one then contains the other). */
export function overlaps(a: Cidr, b: Cidr): boolean {
  if (a.version !== b.version) {
    return false;
  }
  const wider = a.prefix <= b.prefix ? a : b;
  const narrower = wider === a ? b : a;
  return containsIp(wider, { version: narrower.version, value: narrower.network });
}

/** The network of the given prefix length that contains the address. */
export function networkOf(ip: IpAddress, prefix: number): Cidr {
  return { version: ip.version, network: ip.value & ~hostMask(ip.version, prefix), prefix };
}

/** Splits a network into the 2^(prefix - cidr.prefix) networks of a longer prefix, in address order. */
export function subnets(cidr: Cidr, prefix: number): Cidr[] {
  if (prefix < cidr.prefix || prefix > ADDRESS_BITS[cidr.version]) {
    throw new RangeError(`cannot split /${cidr.prefix} into /${prefix}`);
  }
  const step = 1n << BigInt(ADDRESS_BITS[cidr.version] - prefix);
  const count = 1n << BigInt(prefix - cidr.prefix);
  const result: Cidr[] = [];
  for (let index = 0n; index < count; index++) {
    result.push({ version: cidr.version, network: cidr.network + index * step, prefix });
  }
  return result;
}

/** The value as `count` chunks of `width` bits, most significant first. */
export function splitBits(value: bigint, width: number, count: number): number[] {
  const mask = (1n << BigInt(width)) - 1n;
  const chunks: number[] = [];
  for (let index = count - 1; index >= 0; index--) {
    chunks.push(Number((value >> BigInt(index * width)) & mask));
  }
  return chunks;
}
