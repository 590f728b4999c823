import { parseDs, toCryptokey, toZone } from 'src/powerdns/powerdns-mappers';

describe('powerdns mappers', () => {
  it('should parse DS strings', () => {
    expect(parseDs('55288 13 2 469A68ff')).toEqual({
      keyTag: 55288,
      algorithm: 13,
      digestType: 2,
      digest: '469a68ff',
    });
    expect(parseDs('not a ds')).toBeNull();
  });

  it('should map a cryptokey, parse its DS and drop the private key', () => {
    const key = toCryptokey({
      id: 2,
      keytype: 'ksk',
      flags: 257,
      active: true,
      published: true,
      algorithm: 'ECDSAP256SHA256',
      bits: 256,
      dnskey: '257 3 13 6rVi...',
      ds: ['55288 13 1 8104bf', '55288 13 2 469a68', '55288 13 4 27bb27'],
      privatekey: 'Private-key-format: v1.2\nPrivateKey: secret\n',
    });
    expect(key).toEqual({
      id: 2,
      keytype: 'ksk',
      flags: 257,
      active: true,
      published: true,
      algorithm: 'ECDSAP256SHA256',
      algorithmNumber: 13,
      bits: 256,
      dnskey: '257 3 13 6rVi...',
      ds: [
        { keyTag: 55288, algorithm: 13, digestType: 1, digest: '8104bf' },
        { keyTag: 55288, algorithm: 13, digestType: 2, digest: '469a68' },
        { keyTag: 55288, algorithm: 13, digestType: 4, digest: '27bb27' },
      ],
    });
    expect(JSON.stringify(key)).not.toContain('secret');
  });

  it('should map a zone with and without rrsets', () => {
    const pdns = {
      id: '0=2F26.2.0.192.in-addr.arpa.',
      name: '0/26.2.0.192.in-addr.arpa.',
      kind: 'Native',
      serial: 2026112901,
      edited_serial: 2026112901,
      notified_serial: 0,
      dnssec: false,
      soa_edit_api: 'DEFAULT',
      rrsets: [
        { name: 'X.0/26.2.0.192.in-addr.arpa.', type: 'PTR', ttl: 60, records: [{ content: 'a.example.' }] },
      ],
    };
    expect(toZone(pdns, false).rrsets).toBeNull();
    const zone = toZone(pdns, true);
    expect(zone).toMatchObject({
      id: pdns.id,
      name: pdns.name,
      kind: 'Native',
      serial: 2026112901,
      soaEditApi: 'DEFAULT',
    });
    expect(zone.rrsets).toEqual([
      {
        name: 'x.0/26.2.0.192.in-addr.arpa.',
        type: 'PTR',
        ttl: 60,
        records: [{ content: 'a.example.', disabled: false }],
        comments: [],
      },
    ]);
  });
});
