import { PowerDnsInvalidRequestError } from 'src/powerdns/powerdns.errors';
import { RrsetChange } from 'src/powerdns/powerdns.types';
import {
  PATCH_CHUNK_MAX_BYTES,
  chunkPdnsRrsetChanges,
  splitRrsetChanges,
  toPdnsRrsetChanges,
} from 'src/powerdns/rrset-changes';

const ZONE = 'example.org.';
const a = (name: string, ip = '192.0.2.1'): RrsetChange => ({
  name,
  type: 'A',
  ttl: 300,
  changetype: 'REPLACE',
  records: [{ content: ip }],
});

function invalid(changes: RrsetChange[]): string {
  try {
    toPdnsRrsetChanges(ZONE, changes);
  } catch (error) {
    expect(error).toBeInstanceOf(PowerDnsInvalidRequestError);
    expect((error as PowerDnsInvalidRequestError).status).toBe(400);
    return (error as PowerDnsInvalidRequestError).detail.reason;
  }
  throw new Error('expected the changes to be refused');
}

describe('rrset changes', () => {
  it('should convert to PowerDNS JSON with normalised names and types', () => {
    expect(
      toPdnsRrsetChanges(ZONE, [
        {
          name: 'WWW.Example.org',
          type: 'a',
          ttl: 60,
          changetype: 'REPLACE',
          records: [{ content: '192.0.2.1' }],
        },
        { name: 'old.example.org.', type: 'TXT', changetype: 'DELETE' },
      ]),
    ).toEqual([
      {
        name: 'www.example.org.',
        type: 'A',
        ttl: 60,
        changetype: 'REPLACE',
        records: [{ content: '192.0.2.1', disabled: false }],
      },
      { name: 'old.example.org.', type: 'TXT', changetype: 'DELETE' },
    ]);
  });

  it('should refuse deleting the apex SOA, by DELETE or by an empty REPLACE (P2)', () => {
    expect(invalid([{ name: ZONE, type: 'SOA', changetype: 'DELETE' }])).toBe(
      'the SOA of example.org. cannot be deleted',
    );
    expect(
      invalid([{ name: 'Example.Org', type: 'soa', ttl: 3600, changetype: 'REPLACE', records: [] }]),
    ).toBe('the SOA of example.org. cannot be deleted');
  });

  it('should allow replacing the apex SOA with a record', () => {
    const content = 'ns1.example.org. hostmaster.example.org. 1 10800 3600 604800 3600';
    expect(
      toPdnsRrsetChanges(ZONE, [
        { name: ZONE, type: 'SOA', ttl: 3600, changetype: 'REPLACE', records: [{ content }] },
      ]),
    ).toHaveLength(1);
  });

  it('should refuse the same (name, type) twice, whatever the case', () => {
    expect(
      invalid([a('www.example.org.'), { name: 'WWW.example.org.', type: 'a', changetype: 'DELETE' }]),
    ).toMatch(/www\.example\.org\. A appears more than once/);
  });

  it('should refuse names outside the zone, bad types, missing ttl or records and unknown change types', () => {
    expect(invalid([a('www.other.org.')])).toMatch(/not inside the zone/);
    expect(invalid([a('badexample.org.')])).toMatch(/not inside the zone/);
    expect(invalid([{ ...a('x.example.org.'), type: 'A B' }])).toMatch(/not a record type/);
    expect(
      invalid([
        { name: 'x.example.org.', type: 'A', changetype: 'REPLACE', records: [] } as unknown as RrsetChange,
      ]),
    ).toMatch(/needs a ttl/);
    expect(
      invalid([
        { name: 'x.example.org.', type: 'A', ttl: 1, changetype: 'REPLACE' } as unknown as RrsetChange,
      ]),
    ).toMatch(/needs a list of records/);
    expect(
      invalid([{ name: 'x.example.org.', type: 'A', changetype: 'UPSERT' } as unknown as RrsetChange]),
    ).toMatch(/not REPLACE or DELETE/);
  });

  it('should keep bodies under the byte limit, in order', () => {
    const changes = toPdnsRrsetChanges(
      ZONE,
      Array.from({ length: 100 }, (_, i) => a(`host-${i}.example.org.`)),
    );
    const chunks = chunkPdnsRrsetChanges(changes, 2000);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(JSON.stringify({ rrsets: chunk }))).toBeLessThanOrEqual(2000);
    }
    expect(chunks.flat()).toEqual(changes);
  });

  it('should send 7,500 small rrsets as one atomic PATCH and 20k as several', () => {
    const many = (n: number): RrsetChange[] => Array.from({ length: n }, (_, i) => a(`h${i}.example.org.`));
    expect(splitRrsetChanges(ZONE, many(7_500))).toHaveLength(1);
    const chunks = splitRrsetChanges(ZONE, many(20_000));
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    for (const chunk of chunks) {
      expect(Buffer.byteLength(JSON.stringify({ rrsets: chunk }))).toBeLessThanOrEqual(PATCH_CHUNK_MAX_BYTES);
    }
  });

  it('should refuse a single rrset larger than a body', () => {
    const huge = toPdnsRrsetChanges(ZONE, [
      {
        name: 't.example.org.',
        type: 'TXT',
        ttl: 60,
        changetype: 'REPLACE',
        records: [{ content: `"${'x'.repeat(3000)}"` }],
      },
    ]);
    expect(() => chunkPdnsRrsetChanges(huge, 2000)).toThrow(PowerDnsInvalidRequestError);
  });
});
