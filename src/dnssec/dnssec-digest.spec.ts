import {
  allDsRecords,
  canonicalWireName,
  dsRecord,
  formatDs,
  keyTag,
  parseDnskey,
  sameDs,
} from 'src/dnssec/dnssec-digest';

/** Made with `dnssec-keygen -a ECDSAP256SHA256 -f KSK example.org` and checked with `dnssec-dsfromkey -1/-2/-a SHA-384`. */
const BIND_KSK = parseDnskey(
  '257 3 13 2j5RgJv7mRd74bn7pbr1GTgPIq40xCIyb96p/OhgOdFwhFWQFBcac9eO 9ZvAbnZEJC9eIsX2xMjetxzz2vlo0g==',
);

/** RFC 4034 §5.4 and RFC 4509 §2.3: dskey.example.com. */
const RFC_KEY = parseDnskey(
  '256 3 5 AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==',
);

describe('DNSSEC digests', () => {
  it('should parse a DNSKEY and join the base64 chunks', () => {
    expect(BIND_KSK).toEqual({
      flags: 257,
      protocol: 3,
      algorithm: 13,
      publicKey: '2j5RgJv7mRd74bn7pbr1GTgPIq40xCIyb96p/OhgOdFwhFWQFBcac9eO9ZvAbnZEJC9eIsX2xMjetxzz2vlo0g==',
    });
    expect(() => parseDnskey('not a key')).toThrow('not a DNSKEY');
  });

  it('should compute key tags as RFC 4034 appendix B does', () => {
    expect(keyTag(BIND_KSK)).toBe(26712);
    expect(keyTag(RFC_KEY)).toBe(60485);
  });

  it('should compute DS digests of types 1, 2 and 4 like BIND', () => {
    expect(allDsRecords('Example.ORG.', BIND_KSK).map(formatDs)).toEqual([
      '26712 13 1 FE0B2CD5C1A5C83457766EC067D4998207852A70',
      '26712 13 2 D8C6E8AF44435A3308DC93CD066DE446ED9E749E44CEF8D490E4E2BB13D4FF73',
      '26712 13 4 BEA853421BFB4E34547A64810BC583ADA2E7C716AE9B4B9912993A4FC5D13A2FB22674A29DA549611157DD920D52A154',
    ]);
  });

  it('should match the RFC 4034 and RFC 4509 examples', () => {
    expect(formatDs(dsRecord('dskey.example.com', RFC_KEY, 1))).toBe(
      '60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118',
    );
    expect(formatDs(dsRecord('dskey.example.com', RFC_KEY, 2))).toBe(
      '60485 5 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A',
    );
    expect(() => dsRecord('example.org', RFC_KEY, 3)).toThrow('unsupported DS digest type 3');
  });

  it('should build canonical wire names', () => {
    expect(canonicalWireName('A.b.')).toEqual(Buffer.from([1, 0x61, 1, 0x62, 0]));
    expect(canonicalWireName('.')).toEqual(Buffer.from([0]));
  });

  it('should compare DS records regardless of digest case', () => {
    const ds = dsRecord('example.org', BIND_KSK, 2);
    expect(sameDs(ds, { ...ds, digest: ds.digest.toLowerCase() })).toBe(true);
    expect(sameDs(ds, { ...ds, digestType: 4 })).toBe(false);
    expect(sameDs(ds, { ...ds, keyTag: ds.keyTag + 1 })).toBe(false);
  });
});
