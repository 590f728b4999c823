import {
  ADDRESS_BITS,
  Cidr,
  IpAddress,
  IpVersion,
  containsIp,
  networkOf,
  parseCidr,
  splitBits,
  subnets,
} from 'src/reverse-zones/cidr/ip-cidr';

export const IPV4_REVERSE_ROOT = 'in-addr.arpa';
export const IPV6_REVERSE_ROOT = 'ip6.arpa';

export type ReverseDomainType = 'reverse_ipv4' | 'reverse_ipv6';

/** A reverse zone and the addresses it answers for. Names are lowercase, without the trailing dot. */
export interface ZoneRange {
  name: string;
  cidr: Cidr;
  /** An RFC 2317 zone (`0-26.2.0.192.in-addr.arpa`): its PTR names are `<last octet>.<zone>`. */
  classless: boolean;
}

export interface ReverseZonePlan {
  /** The requested network. */
  cidr: Cidr;
  domainType: ReverseDomainType;
  /** One zone, or (for IPv4 prefixes between octet boundaries) the zones that together cover the network. */
  zones: ZoneRange[];
  split: boolean;
}

export type PlanResult = { ok: true; plan: ReverseZonePlan } | { ok: false; error: string };

export const MIN_IPV4_PREFIX = 8;
export const MIN_IPV6_PREFIX = 4;
export const MAX_IPV6_PREFIX = 124;

/**
 * The reverse zones for a CIDR:
 * - IPv4 /8, /16, /24: one zone (`10.in-addr.arpa`, `0.10.in-addr.arpa`, `2.0.192.in-addr.arpa`);
 * - IPv4 /25-/32: one RFC 2317 classless zone `<first octet>-<prefix>.<c>.<b>.<a>.in-addr.arpa`;
 * - IPv4 /9-/15 and /17-/23: the /16 or /24 zones that exactly cover the network (2 to 128 zones), so no zone
 *   claims an address outside it;
 * - IPv6 /4-/124 in steps of 4: one nibble zone; other prefix lengths are refused.
 */
export function planReverseZones(text: string): PlanResult {
  const parsed = parseCidr(text);
  if (!parsed.ok) {
    return parsed;
  }
  const { cidr } = parsed;
  if (cidr.version === 6) {
    if (cidr.prefix % 4 !== 0) {
      return {
        ok: false,
        error: `IPv6 prefixes must be a multiple of 4 (nibble boundary): /${cidr.prefix} is not supported, use /${Math.floor(cidr.prefix / 4) * 4} or /${Math.ceil(cidr.prefix / 4) * 4}`,
      };
    }
    if (cidr.prefix < MIN_IPV6_PREFIX || cidr.prefix > MAX_IPV6_PREFIX) {
      return {
        ok: false,
        error: `IPv6 reverse zones need a prefix from /${MIN_IPV6_PREFIX} to /${MAX_IPV6_PREFIX}`,
      };
    }
    return {
      ok: true,
      plan: { cidr, domainType: 'reverse_ipv6', zones: [zoneRangeFor(cidr)], split: false },
    };
  }
  if (cidr.prefix < MIN_IPV4_PREFIX) {
    return { ok: false, error: `IPv4 reverse zones need a prefix of /${MIN_IPV4_PREFIX} or longer` };
  }
  const aligned = cidr.prefix % 8 === 0 || cidr.prefix > 24;
  const zones = aligned ? [cidr] : subnets(cidr, Math.ceil(cidr.prefix / 8) * 8);
  return {
    ok: true,
    plan: { cidr, domainType: 'reverse_ipv4', zones: zones.map(zoneRangeFor), split: !aligned },
  };
}

/** The zone of a network that is on an octet boundary (or /25-/32) for IPv4, or on a nibble boundary for IPv6. */
export function zoneRangeFor(cidr: Cidr): ZoneRange {
  if (cidr.version === 6) {
    if (cidr.prefix % 4 !== 0) {
      throw new RangeError(`/${cidr.prefix} is not on a nibble boundary`);
    }
    const nibbles = splitBits(cidr.network, 4, 32).slice(0, cidr.prefix / 4);
    return {
      name: [...nibbles.reverse().map((n) => n.toString(16)), IPV6_REVERSE_ROOT].join('.'),
      cidr,
      classless: false,
    };
  }
  const octets = splitBits(cidr.network, 8, 4);
  if (cidr.prefix > 24) {
    const parent = octets.slice(0, 3).reverse();
    return {
      name: [`${octets[3]}-${cidr.prefix}`, ...parent, IPV4_REVERSE_ROOT].join('.'),
      cidr,
      classless: true,
    };
  }
  if (cidr.prefix % 8 !== 0) {
    throw new RangeError(`/${cidr.prefix} is not on an octet boundary`);
  }
  return {
    name: [...octets.slice(0, cidr.prefix / 8).reverse(), IPV4_REVERSE_ROOT].join('.'),
    cidr,
    classless: false,
  };
}

/** The /24 zone an RFC 2317 zone is delegated from: `2.0.192.in-addr.arpa` for `0-26.2.0.192.in-addr.arpa`. */
export function classlessParent(zone: ZoneRange): ZoneRange {
  return zoneRangeFor(networkOf({ version: 4, value: zone.cidr.network }, 24));
}

/** The full reverse name of an address: `10.2.0.192.in-addr.arpa`, or 32 nibbles and `ip6.arpa`. */
export function reversePointer(ip: IpAddress): string {
  if (ip.version === 4) {
    return [...splitBits(ip.value, 8, 4).reverse(), IPV4_REVERSE_ROOT].join('.');
  }
  return [
    ...splitBits(ip.value, 4, 32)
      .reverse()
      .map((n) => n.toString(16)),
    IPV6_REVERSE_ROOT,
  ].join('.');
}

/** Where the PTR of an address lives in a zone: `<last octet>.<zone>` in a classless zone, else its reverse name. */
export function ptrName(ip: IpAddress, zone: ZoneRange): string {
  return zone.classless ? `${Number(ip.value & 0xffn)}.${zone.name}` : reversePointer(ip);
}

/** The address a PTR name of this zone stands for; null for names that are not one address of the zone. */
export function ipFromPtrName(name: string, zone: ZoneRange): IpAddress | null {
  const fqdn = name.toLowerCase().replace(/\.$/, '');
  let ip: IpAddress | null;
  if (zone.classless) {
    const label = fqdn.endsWith(`.${zone.name}`) ? fqdn.slice(0, -zone.name.length - 1) : '';
    ip = isOctet(label) ? { version: 4, value: (zone.cidr.network & ~0xffn) | BigInt(label) } : null;
  } else {
    const range = rangeOfReverseName(fqdn);
    ip =
      range && range.prefix === ADDRESS_BITS[range.version]
        ? { version: range.version, value: range.network }
        : null;
  }
  return ip && containsIp(zone.cidr, ip) ? ip : null;
}

/**
 * What a reverse zone name covers: `2.0.192.in-addr.arpa` → 192.0.2.0/24, `0-26.2.0.192.in-addr.arpa` →
 * 192.0.2.0/26, `8.b.d.0.1.0.0.2.ip6.arpa` → 2001:db8::/32. Null for names that are not reverse zones of that form.
 */
export function zoneRangeFromName(name: string): ZoneRange | null {
  const fqdn = name.toLowerCase().replace(/\.$/, '');
  const classless = /^(\d{1,3})-(\d{1,2})\.(.+)$/.exec(fqdn);
  if (classless) {
    const parent = rangeOfReverseName(classless[3]);
    const [first, prefix] = [classless[1], Number(classless[2])];
    if (
      !parent ||
      parent.version !== 4 ||
      parent.prefix !== 24 ||
      !isOctet(first) ||
      prefix < 25 ||
      prefix > 32
    ) {
      return null;
    }
    const candidate = parseCidr(`${fromOctets(parent.network, first)}/${prefix}`);
    return candidate.ok ? { name: fqdn, cidr: candidate.cidr, classless: true } : null;
  }
  const cidr = rangeOfReverseName(fqdn);
  return cidr ? { name: fqdn, cidr, classless: false } : null;
}

/** Every zone that could hold the PTR of an address, the most specific first (classless /32 ... /25, /24, /16, /8). */
export function candidateZones(ip: IpAddress): ZoneRange[] {
  const prefixes: number[] = [];
  if (ip.version === 4) {
    prefixes.push(32, 31, 30, 29, 28, 27, 26, 25, 24, 16, 8);
  } else {
    for (let prefix = MAX_IPV6_PREFIX; prefix >= MIN_IPV6_PREFIX; prefix -= 4) {
      prefixes.push(prefix);
    }
  }
  return prefixes.map((prefix) => zoneRangeFor(networkOf(ip, prefix)));
}

export function domainTypeOf(version: IpVersion): ReverseDomainType {
  return version === 4 ? 'reverse_ipv4' : 'reverse_ipv6';
}

/** `c.b.a.in-addr.arpa` (1-4 octets) or nibbles + `ip6.arpa` (1-32 nibbles) → the network those labels spell. */
function rangeOfReverseName(fqdn: string): Cidr | null {
  if (fqdn.endsWith(`.${IPV4_REVERSE_ROOT}`)) {
    const labels = fqdn.slice(0, -IPV4_REVERSE_ROOT.length - 1).split('.');
    if (labels.length > 4 || !labels.every(isOctet)) {
      return null;
    }
    const octets = labels.reverse().map(Number);
    const network = [0, 1, 2, 3].reduce((sum, index) => (sum << 8n) | BigInt(octets[index] ?? 0), 0n);
    return { version: 4, network, prefix: labels.length * 8 };
  }
  if (fqdn.endsWith(`.${IPV6_REVERSE_ROOT}`)) {
    const labels = fqdn.slice(0, -IPV6_REVERSE_ROOT.length - 1).split('.');
    if (labels.length > 32 || !labels.every((label) => /^[0-9a-f]$/.test(label))) {
      return null;
    }
    const nibbles = labels.reverse();
    let network = 0n;
    for (let index = 0; index < 32; index++) {
      network = (network << 4n) | BigInt(parseInt(nibbles[index] ?? '0', 16));
    }
    return { version: 6, network, prefix: labels.length * 4 };
  }
  return null;
}

function isOctet(label: string): boolean {
  return /^(0|[1-9][0-9]{0,2})$/.test(label) && Number(label) <= 255;
}

function fromOctets(network24: bigint, last: string): string {
  return [...splitBits(network24, 8, 4).slice(0, 3), Number(last)].join('.');
}
