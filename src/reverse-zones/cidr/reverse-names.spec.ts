import { formatCidr, formatIp, parseIp } from 'src/reverse-zones/cidr/ip-cidr';
import {
  ReverseZonePlan,
  candidateZones,
  classlessParent,
  ipFromPtrName,
  planReverseZones,
  ptrName,
  reversePointer,
  zoneRangeFromName,
} from 'src/reverse-zones/cidr/reverse-names';

function plan(text: string): ReverseZonePlan {
  const result = planReverseZones(text);
  if (!result.ok) {
    throw new Error(result.error);
  }
  return result.plan;
}

function ip(text: string) {
  return parseIp(text)!;
}

describe('planReverseZones', () => {
  it('should map octet-aligned IPv4 networks to one zone each', () => {
    expect(plan('10.0.0.0/8').zones.map((zone) => zone.name)).toEqual(['10.in-addr.arpa']);
    expect(plan('10.0.0.0/16').zones.map((zone) => zone.name)).toEqual(['0.10.in-addr.arpa']);
    expect(plan('192.0.2.0/24')).toMatchObject({
      domainType: 'reverse_ipv4',
      split: false,
      zones: [{ name: '2.0.192.in-addr.arpa', classless: false }],
    });
  });

  it('should name RFC 2317 zones <first octet>-<prefix> for /25 to /32', () => {
    expect(plan('192.0.2.0/26').zones).toMatchObject([
      { name: '0-26.2.0.192.in-addr.arpa', classless: true },
    ]);
    expect(plan('192.0.2.64/26').zones[0].name).toBe('64-26.2.0.192.in-addr.arpa');
    expect(plan('192.0.2.128/25').zones[0].name).toBe('128-25.2.0.192.in-addr.arpa');
    expect(plan('192.0.2.7/32').zones[0].name).toBe('7-32.2.0.192.in-addr.arpa');
  });

  it('should split IPv4 prefixes between octet boundaries into the covering /16 or /24 zones', () => {
    const split = plan('10.1.16.0/20');
    expect(split.split).toBe(true);
    expect(split.zones.map((zone) => zone.name)).toEqual(
      Array.from({ length: 16 }, (_, index) => `${16 + index}.1.10.in-addr.arpa`),
    );
    expect(split.zones.map((zone) => formatCidr(zone.cidr))).toContain('10.1.31.0/24');
    expect(plan('10.0.0.0/12').zones.map((zone) => zone.name)).toEqual(
      Array.from({ length: 16 }, (_, index) => `${index}.10.in-addr.arpa`),
    );
    expect(plan('10.0.0.0/9').zones).toHaveLength(128);
    expect(plan('10.0.0.0/23').zones.map((zone) => zone.name)).toEqual([
      '0.0.10.in-addr.arpa',
      '1.0.10.in-addr.arpa',
    ]);
  });

  it('should refuse IPv4 prefixes shorter than /8', () => {
    expect(planReverseZones('10.0.0.0/7')).toEqual({
      ok: false,
      error: 'IPv4 reverse zones need a prefix of /8 or longer',
    });
  });

  it('should map nibble-aligned IPv6 networks to one ip6.arpa zone', () => {
    expect(plan('2001:db8::/32')).toMatchObject({
      domainType: 'reverse_ipv6',
      zones: [{ name: '8.b.d.0.1.0.0.2.ip6.arpa' }],
    });
    expect(plan('2001:db8:abcd::/48').zones[0].name).toBe('d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(plan('2001:db8:abcd:12::/64').zones[0].name).toBe('2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(plan('2000::/4').zones[0].name).toBe('2.ip6.arpa');
    expect(plan('2001:db8::10/124').zones[0].name.split('.')).toHaveLength(31 + 2);
  });

  it('should refuse IPv6 prefixes off the nibble boundary with a clear message', () => {
    const result = planReverseZones('2001:db8::/50');
    expect(result).toEqual({
      ok: false,
      error: 'IPv6 prefixes must be a multiple of 4 (nibble boundary): /50 is not supported, use /48 or /52',
    });
    expect(planReverseZones('::/0')).toMatchObject({ ok: false });
    expect(planReverseZones('2001:db8::/128')).toEqual({
      ok: false,
      error: 'IPv6 reverse zones need a prefix from /4 to /124',
    });
  });

  it('should pass CIDR errors through', () => {
    expect(planReverseZones('192.0.2.1/24')).toMatchObject({
      ok: false,
      error: expect.stringContaining('host bits'),
    });
  });
});

describe('reverse names', () => {
  it('should build full reverse pointers', () => {
    expect(reversePointer(ip('192.0.2.10'))).toBe('10.2.0.192.in-addr.arpa');
    expect(reversePointer(ip('2001:db8::1'))).toBe(
      '1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa',
    );
  });

  it('should put PTRs of classless zones at <last octet>.<zone>', () => {
    const classless = plan('192.0.2.0/26').zones[0];
    const octet = plan('192.0.2.0/24').zones[0];
    expect(ptrName(ip('192.0.2.10'), classless)).toBe('10.0-26.2.0.192.in-addr.arpa');
    expect(ptrName(ip('192.0.2.10'), octet)).toBe('10.2.0.192.in-addr.arpa');
    expect(ptrName(ip('2001:db8::1'), plan('2001:db8::/48').zones[0])).toBe(
      reversePointer(ip('2001:db8::1')),
    );
  });

  it('should read addresses back from PTR names, only inside the zone', () => {
    const classless = plan('192.0.2.64/26').zones[0];
    expect(formatIp(ipFromPtrName('70.64-26.2.0.192.in-addr.arpa.', classless)!)).toBe('192.0.2.70');
    expect(ipFromPtrName('10.64-26.2.0.192.in-addr.arpa.', classless)).toBeNull();
    expect(ipFromPtrName('x.64-26.2.0.192.in-addr.arpa.', classless)).toBeNull();
    const octet = plan('192.0.2.0/24').zones[0];
    expect(formatIp(ipFromPtrName('10.2.0.192.in-addr.arpa.', octet)!)).toBe('192.0.2.10');
    expect(ipFromPtrName('sub.10.2.0.192.in-addr.arpa.', octet)).toBeNull();
    expect(ipFromPtrName('2.0.192.in-addr.arpa.', octet)).toBeNull();
    const v6 = plan('2001:db8::/48').zones[0];
    expect(formatIp(ipFromPtrName(`${reversePointer(ip('2001:db8:0:5::9'))}.`, v6)!)).toBe('2001:db8:0:5::9');
    expect(ipFromPtrName(`${reversePointer(ip('2001:db9::9'))}.`, v6)).toBeNull();
  });

  it('should recover the network from a zone name', () => {
    expect(zoneRangeFromName('2.0.192.in-addr.arpa')).toMatchObject({
      classless: false,
      cidr: { prefix: 24 },
    });
    expect(formatCidr(zoneRangeFromName('10.in-addr.arpa.')!.cidr)).toBe('10.0.0.0/8');
    expect(formatCidr(zoneRangeFromName('64-26.2.0.192.in-addr.arpa')!.cidr)).toBe('192.0.2.64/26');
    expect(zoneRangeFromName('64-26.2.0.192.in-addr.arpa')!.classless).toBe(true);
    expect(formatCidr(zoneRangeFromName('d.c.b.a.8.b.d.0.1.0.0.2.ip6.arpa')!.cidr)).toBe(
      '2001:db8:abcd::/48',
    );
    for (const name of [
      'example.com',
      'in-addr.arpa',
      '1-26.2.0.192.in-addr.arpa',
      '0-24.2.0.192.in-addr.arpa',
      '0-26.0.192.in-addr.arpa',
      '256.in-addr.arpa',
      'x.ip6.arpa',
      '0/26.2.0.192.in-addr.arpa',
    ]) {
      expect(zoneRangeFromName(name)).toBeNull();
    }
  });

  it('should round-trip every planned zone through its name', () => {
    for (const text of [
      '10.0.0.0/8',
      '10.0.0.0/16',
      '192.0.2.0/24',
      '192.0.2.192/26',
      '192.0.2.9/32',
      '2001:db8::/32',
      '2001:db8:1:2::/64',
    ]) {
      const zone = plan(text).zones[0];
      expect(zoneRangeFromName(zone.name)).toEqual(zone);
    }
  });

  it('should give the parent /24 of a classless zone', () => {
    expect(classlessParent(plan('192.0.2.128/25').zones[0]).name).toBe('2.0.192.in-addr.arpa');
  });

  it('should list the zones that may hold an address, most specific first', () => {
    const v4 = candidateZones(ip('192.0.2.77')).map((zone) => zone.name);
    expect(v4).toEqual([
      '77-32.2.0.192.in-addr.arpa',
      '76-31.2.0.192.in-addr.arpa',
      '76-30.2.0.192.in-addr.arpa',
      '72-29.2.0.192.in-addr.arpa',
      '64-28.2.0.192.in-addr.arpa',
      '64-27.2.0.192.in-addr.arpa',
      '64-26.2.0.192.in-addr.arpa',
      '0-25.2.0.192.in-addr.arpa',
      '2.0.192.in-addr.arpa',
      '0.192.in-addr.arpa',
      '192.in-addr.arpa',
    ]);
    const v6 = candidateZones(ip('2001:db8::1'));
    expect(v6).toHaveLength(31);
    expect(v6[v6.length - 1].name).toBe('2.ip6.arpa');
    expect(v6[0].cidr.prefix).toBe(124);
  });
});
