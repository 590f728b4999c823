import {
  addressCount,
  containsIp,
  firstAddress,
  formatCidr,
  formatIp,
  lastAddress,
  networkOf,
  overlaps,
  parseCidr,
  parseIp,
  subnets,
} from 'src/reverse-zones/cidr/ip-cidr';

function cidr(text: string) {
  const result = parseCidr(text);
  if (!result.ok) {
    throw new Error(result.error);
  }
  return result.cidr;
}

function ip(text: string) {
  const result = parseIp(text);
  if (!result) {
    throw new Error(`bad ip ${text}`);
  }
  return result;
}

describe('parseIp and formatIp', () => {
  it('should read IPv4 addresses as 32-bit integers', () => {
    expect(ip('192.0.2.10')).toEqual({ version: 4, value: 0xc000020an });
    expect(ip('0.0.0.0').value).toBe(0n);
    expect(ip('255.255.255.255').value).toBe(0xffffffffn);
  });

  it('should read IPv6 addresses as 128-bit integers, in every text form', () => {
    expect(ip('2001:db8::1')).toEqual({ version: 6, value: 0x20010db8000000000000000000000001n });
    expect(ip('2001:0DB8:0000:0000:0000:0000:0000:0001').value).toBe(ip('2001:db8::1').value);
    expect(ip('::').value).toBe(0n);
    expect(ip('::ffff:192.0.2.1').value).toBe(0xffffc0000201n);
  });

  it('should refuse anything that is not one address', () => {
    for (const text of [
      '',
      '192.0.2',
      '192.0.2.256',
      '192.0.2.01',
      '1.2.3.4.5',
      '2001:db8:::1',
      '2001:db8::g',
      'host',
      '192.0.2.0/24',
    ]) {
      expect(parseIp(text)).toBeNull();
    }
  });

  it('should format addresses canonically (RFC 5952 for IPv6)', () => {
    expect(formatIp(ip('192.0.2.10'))).toBe('192.0.2.10');
    expect(formatIp(ip('2001:0DB8:0:0:0:0:0:0001'))).toBe('2001:db8::1');
    expect(formatIp(ip('2001:db8:0:1:0:0:0:1'))).toBe('2001:db8:0:1::1');
    expect(formatIp({ version: 6, value: (1n << 128n) - 1n })).toBe(
      'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
    );
  });
});

describe('parseCidr', () => {
  it('should parse IPv4 and IPv6 networks', () => {
    expect(cidr('192.0.2.0/24')).toEqual({ version: 4, network: 0xc0000200n, prefix: 24 });
    expect(cidr(' 10.0.0.0/8 ')).toEqual({ version: 4, network: 0x0a000000n, prefix: 8 });
    expect(cidr('2001:DB8::/32')).toEqual({ version: 6, network: 0x20010db8n << 96n, prefix: 32 });
    expect(cidr('0.0.0.0/0').prefix).toBe(0);
    expect(cidr('192.0.2.7/32').network).toBe(0xc0000207n);
  });

  it('should refuse host bits and name the network instead', () => {
    expect(parseCidr('192.0.2.1/24')).toEqual({
      ok: false,
      error: "'192.0.2.1/24' has host bits set: the network is 192.0.2.0/24",
    });
    expect(parseCidr('2001:db8::1/64')).toEqual({
      ok: false,
      error: "'2001:db8::1/64' has host bits set: the network is 2001:db8::/64",
    });
  });

  it('should refuse malformed input with a reason', () => {
    const cases: [string, string][] = [
      ['', 'CIDR is required'],
      ['192.0.2.0', 'write an address and a prefix length'],
      ['192.0.2.0/24/1', 'write an address and a prefix length'],
      ['banana/24', "'banana' is not an IPv4 or IPv6 address"],
      ['192.0.2/24', "'192.0.2' is not an IPv4 or IPv6 address"],
      ['192.0.2.0/33', 'from 0 to 32 for IPv4'],
      ['2001:db8::/129', 'from 0 to 128 for IPv6'],
      ['192.0.2.0/024', 'prefix length must be a number'],
      ['192.0.2.0/', 'prefix length must be a number'],
      ['192.0.2.0/x', 'prefix length must be a number'],
    ];
    for (const [text, reason] of cases) {
      const result = parseCidr(text);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error).toContain(reason);
    }
  });

  it('should format networks back', () => {
    expect(formatCidr(cidr('192.0.2.64/26'))).toBe('192.0.2.64/26');
    expect(formatCidr(cidr('2001:0db8:00ab::/48'))).toBe('2001:db8:ab::/48');
  });
});

describe('network arithmetic', () => {
  it('should compute network and broadcast (first and last) addresses and the size', () => {
    const v4 = cidr('192.0.2.64/26');
    expect(formatIp(firstAddress(v4))).toBe('192.0.2.64');
    expect(formatIp(lastAddress(v4))).toBe('192.0.2.127');
    expect(addressCount(v4)).toBe(64n);
    expect(formatIp(lastAddress(cidr('10.0.0.0/8')))).toBe('10.255.255.255');
    expect(addressCount(cidr('10.0.0.0/8'))).toBe(16777216n);
    expect(addressCount(cidr('192.0.2.9/32'))).toBe(1n);

    const v6 = cidr('2001:db8:1::/48');
    expect(formatIp(lastAddress(v6))).toBe('2001:db8:1:ffff:ffff:ffff:ffff:ffff');
    expect(addressCount(v6)).toBe(1n << 80n);
    expect(addressCount(cidr('::/0'))).toBe(1n << 128n);
  });

  it('should tell whether an address is inside a network', () => {
    const v4 = cidr('192.0.2.64/26');
    expect(containsIp(v4, ip('192.0.2.64'))).toBe(true);
    expect(containsIp(v4, ip('192.0.2.127'))).toBe(true);
    expect(containsIp(v4, ip('192.0.2.63'))).toBe(false);
    expect(containsIp(v4, ip('192.0.2.128'))).toBe(false);
    expect(containsIp(v4, ip('::ffff:192.0.2.64'))).toBe(false);
    expect(containsIp(cidr('2001:db8::/32'), ip('2001:db8:ffff::1'))).toBe(true);
    expect(containsIp(cidr('2001:db8::/32'), ip('2001:db9::1'))).toBe(false);
  });

  it('should detect overlapping networks', () => {
    expect(overlaps(cidr('192.0.2.0/25'), cidr('192.0.2.64/26'))).toBe(true);
    expect(overlaps(cidr('192.0.2.64/26'), cidr('192.0.2.0/25'))).toBe(true);
    expect(overlaps(cidr('192.0.2.0/26'), cidr('192.0.2.64/26'))).toBe(false);
    expect(overlaps(cidr('10.0.0.0/8'), cidr('2001:db8::/32'))).toBe(false);
  });

  it('should find the network of an address at a prefix', () => {
    expect(formatCidr(networkOf(ip('192.0.2.77'), 26))).toBe('192.0.2.64/26');
    expect(formatCidr(networkOf(ip('2001:db8:1:2::5'), 48))).toBe('2001:db8:1::/48');
  });

  it('should split a network into longer prefixes in address order', () => {
    expect(subnets(cidr('10.1.16.0/20'), 24).map(formatCidr)).toEqual(
      Array.from({ length: 16 }, (_, index) => `10.1.${16 + index}.0/24`),
    );
    expect(subnets(cidr('10.0.0.0/9'), 16)).toHaveLength(128);
    expect(subnets(cidr('192.0.2.0/24'), 24).map(formatCidr)).toEqual(['192.0.2.0/24']);
    expect(() => subnets(cidr('192.0.2.0/24'), 16)).toThrow(RangeError);
  });
});
