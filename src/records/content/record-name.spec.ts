import { displayName, normaliseRecordName, normaliseZoneName } from 'src/records/content/record-name';

const ZONE = 'example.com';
const LABEL_63 = 'a'.repeat(63);

describe('normaliseRecordName', () => {
  it.each([
    ['@', 'example.com.', '@'],
    ['www', 'www.example.com.', 'www'],
    ['a.b', 'a.b.example.com.', 'a.b'],
    ['WWW', 'www.example.com.', 'www'],
    ['  www  ', 'www.example.com.', 'www'],
    ['www.example.com', 'www.example.com.', 'www'],
    ['www.example.com.', 'www.example.com.', 'www'],
    ['WWW.Example.COM.', 'www.example.com.', 'www'],
    ['example.com', 'example.com.', '@'],
    ['example.com.', 'example.com.', '@'],
    ['www.example.co', 'www.example.co.example.com.', 'www.example.co'],
    ['com', 'com.example.com.', 'com'],
    ['*', '*.example.com.', '*'],
    ['*.dev', '*.dev.example.com.', '*.dev'],
    ['*.example.com.', '*.example.com.', '*'],
    ['_dmarc', '_dmarc.example.com.', '_dmarc'],
    ['_sip._tcp', '_sip._tcp.example.com.', '_sip._tcp'],
    ['_443._tcp.www', '_443._tcp.www.example.com.', '_443._tcp.www'],
    ['bücher', 'xn--bcher-kva.example.com.', 'xn--bcher-kva'],
    ['BÜCHER', 'xn--bcher-kva.example.com.', 'xn--bcher-kva'],
    ['xn--bcher-kva', 'xn--bcher-kva.example.com.', 'xn--bcher-kva'],
    ['straße', 'xn--strae-oqa.example.com.', 'xn--strae-oqa'],
    ['10', '10.example.com.', '10'],
    [LABEL_63, `${LABEL_63}.example.com.`, LABEL_63],
    ['a-b', 'a-b.example.com.', 'a-b'],
  ])('should read %j as %j (relative %j)', (input, fqdn, relative) => {
    expect(normaliseRecordName(input, ZONE)).toEqual({ ok: true, fqdn, relative });
  });

  it('should take an absolute name in an IDN zone written in Unicode', () => {
    expect(normaliseRecordName('www.bücher.example', 'xn--bcher-kva.example.')).toEqual({
      ok: true,
      fqdn: 'www.xn--bcher-kva.example.',
      relative: 'www',
    });
  });

  it('should trust the zone labels themselves, e.g. an RFC 2317 zone with a slash', () => {
    expect(normaliseRecordName('10', '0/26.2.0.192.in-addr.arpa.')).toEqual({
      ok: true,
      fqdn: '10.0/26.2.0.192.in-addr.arpa.',
      relative: '10',
    });
  });

  it('should accept a name of exactly 253 characters', () => {
    const zone = `${'b'.repeat(63)}.${'c'.repeat(63)}.com`; // 131 characters
    const name = `${'a'.repeat(59)}.${'a'.repeat(61)}`; // 121 characters, + 1 dot = 253
    const result = normaliseRecordName(name, zone);
    expect(result.ok && result.fqdn.length).toBe(254);
  });

  it.each([
    ['', 'Name is required'],
    ['   ', 'Name is required'],
    ['other.org.', 'Name is outside the zone'],
    ['example.com.evil.', 'Name is outside the zone'],
    ['.', 'Name is outside the zone'],
    ['www..', 'empty label'],
    ['a..b', 'empty label'],
    ['.www', 'empty label'],
    ['www.', 'Name is outside the zone'],
    ['w w', 'spaces or control characters'],
    ['www\n', 'spaces or control characters'],
    ['a*', 'wildcard (*) must be a whole label'],
    ['*a', 'wildcard (*) must be a whole label'],
    ['dev.*', 'leftmost label'],
    ['a.*.b', 'leftmost label'],
    ['*.*', 'leftmost label'],
    [`${'a'.repeat(64)}`, 'longer than 63'],
    ['-www', 'hyphen'],
    ['www-', 'hyphen'],
    ['w!w', 'letters, digits, hyphens and underscores'],
    ['@.www', 'letters, digits, hyphens and underscores'],
    ['xn--zz', 'not valid punycode'],
    ['a\u00adb.\u00ad', 'not a valid internationalised name'],
    [Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.'), 'longer than 253'],
  ])('should refuse %j with %j', (input, error) => {
    const result = normaliseRecordName(input, ZONE);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(error);
  });

  it('should refuse a non-string without throwing', () => {
    expect(normaliseRecordName(undefined as unknown as string, ZONE)).toEqual({
      ok: false,
      error: 'Name must be a string',
    });
  });
});

describe('normaliseZoneName', () => {
  it.each([
    ['example.com', 'example.com.'],
    ['Example.COM.', 'example.com.'],
    ['  eu.example.com  ', 'eu.example.com.'],
    ['bücher.example', 'xn--bcher-kva.example.'],
    ['10.in-addr.arpa', '10.in-addr.arpa.'],
    ['2.0.192.in-addr.arpa.', '2.0.192.in-addr.arpa.'],
    ['0-26.2.0.192.in-addr.arpa', '0-26.2.0.192.in-addr.arpa.'],
    ['8.b.d.0.1.0.0.2.ip6.arpa', '8.b.d.0.1.0.0.2.ip6.arpa.'],
    ['_acme-challenge.example.com', '_acme-challenge.example.com.'],
  ])('should read %j as %j', (input, fqdn) => {
    expect(normaliseZoneName(input)).toEqual({ ok: true, fqdn });
  });

  it.each([
    ['', 'Zone name is required'],
    ['.', 'Zone name is required'],
    ['com', 'at least two labels'],
    ['*.example.com', 'wildcard'],
    ['192.0.2.1', 'is an address'],
    ['in-addr.arpa', 'only reverse zones'],
    ['home.arpa', 'only reverse zones'],
    ['exa mple.com', 'spaces or control characters'],
    ['example..com', 'empty label'],
    ['-example.com', 'hyphen'],
    [`${'a'.repeat(64)}.com`, 'longer than 63'],
    [`${Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.')}.com`, 'longer than 253'],
    ['example.com..', 'empty label'],
  ])('should refuse %j with %j', (input, error) => {
    const result = normaliseZoneName(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(error);
  });
});

describe('displayName', () => {
  it.each([
    ['example.com.', 'example.com.', '@'],
    ['www.example.com.', 'example.com.', 'www'],
    ['*.dev.example.com.', 'example.com', '*.dev'],
    ['WWW.Example.com', 'example.com.', 'www'],
    ['www.other.org.', 'example.com.', 'www.other.org.'],
    ['notexample.com.', 'example.com.', 'notexample.com.'],
  ])('should show %j in %j as %j', (fqdn, zone, shown) => {
    expect(displayName(fqdn, zone)).toBe(shown);
  });
});
