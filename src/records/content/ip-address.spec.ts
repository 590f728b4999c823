import { formatIpv6, parseIpv4, parseIpv6 } from 'src/records/content/ip-address';

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', [0, 0, 0, 0]],
    ['192.0.2.255', [192, 0, 2, 255]],
  ])('should parse %j', (text, octets) => {
    expect(parseIpv4(text)).toEqual(octets);
  });

  it.each(['01.0.0.0', '1.2.3', '1.2.3.4.5', '1.2.3.256', '1.2.3.-1', '1.2.3.4 ', '', '1..2.3', '0x1.2.3.4'])(
    'should refuse %j',
    (text) => {
      expect(parseIpv4(text)).toBeNull();
    },
  );
});

describe('parseIpv6 and formatIpv6', () => {
  it.each([
    ['::', '::', '::'],
    ['::1', '::1', '::1'],
    ['1::', '1::', '1::'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3', '1:0:0:2::3'],
    ['1:0:0:2:2:0:0:3', '1::2:2:0:0:3', '1::2:2:0:0:3'],
    ['1:2:3:4:5:6::8', '1:2:3:4:5:6:0:8', '1:2:3:4:5:6:0:8'],
    ['::ffff:1.2.3.4', '::ffff:1.2.3.4', '::ffff:102:304'],
    ['::ffff:0:0', '::ffff:0.0.0.0', '::ffff:0:0'],
    ['::1.2.3.4', '::1.2.3.4', '::102:304'],
    ['::0.0.0.1', '::1', '::1'],
    ['0:0:0:0:1:ffff:1.2.3.4', '::1:ffff:102:304', '::1:ffff:102:304'],
    ['ABCD:EF01::', 'abcd:ef01::', 'abcd:ef01::'],
  ])('should read %j and write it as %j (with IPv4 tail) or %j (hex only)', (text, embedded, hex) => {
    const words = parseIpv6(text);
    expect(words).not.toBeNull();
    expect(formatIpv6(words!, { embeddedIpv4: true })).toBe(embedded);
    expect(formatIpv6(words!, { embeddedIpv4: false })).toBe(hex);
  });

  it.each([
    ':',
    ':::',
    '1:::2',
    ':1::',
    '1::2:',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7:8::',
    '::1.2.3',
    '1.2.3.4::',
    '::g',
  ])('should refuse %j', (text) => {
    expect(parseIpv6(text)).toBeNull();
  });
});
