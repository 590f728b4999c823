import { parseBindZone } from 'src/zone-transfer/formats/bind-zone-parser';
import { ExportRecord, writeBindZone } from 'src/zone-transfer/formats/bind-zone-writer';
import { prepareImport } from 'src/zone-transfer/import-plan';

const ZONE = 'example.com.';
const SYSTEM = [
  { type: 'NS', content: 'ns1.scaidns.test.', ttl: 3600 },
  { type: 'SOA', content: 'ns1.scaidns.test. hostmaster.example.com. 1 10800 3600 604800 3600', ttl: 3600 },
  { type: 'NS', content: 'ns2.scaidns.test.', ttl: 3600 },
];
/** Canonical: the first string is exactly 255 octets. */
const DKIM = `"v=DKIM1; k=rsa; p=${'A'.repeat(255 - 18)}" "${'B'.repeat(140)}"`;
const RECORDS: ExportRecord[] = [
  { name: 'www.example.com.', type: 'A', content: '192.0.2.1', ttl: 300, disabled: false },
  { name: 'example.com.', type: 'MX', content: '10 mail.example.com.', ttl: 3600, disabled: false },
  { name: 'a.dev.example.com.', type: 'A', content: '192.0.2.3', ttl: 3600, disabled: false },
  { name: 'dev.example.com.', type: 'A', content: '192.0.2.2', ttl: 3600, disabled: false },
  { name: 'example.com.', type: 'A', content: '192.0.2.10', ttl: 3600, disabled: false },
  { name: 'old.example.com.', type: 'A', content: '192.0.2.9', ttl: 600, disabled: true },
  { name: 'example.com.', type: 'ALIAS', content: 'lb.example.net.', ttl: 300, disabled: false },
  { name: 'mail._domainkey.example.com.', type: 'TXT', content: DKIM, ttl: 3600, disabled: false },
  { name: '_dmarc.example.com.', type: 'TXT', content: '"v=DMARC1; p=none"', ttl: 3600, disabled: false },
];

describe('writeBindZone', () => {
  const text = writeBindZone({
    zone: ZONE,
    defaultTtl: 3600,
    system: SYSTEM,
    records: RECORDS,
    header: ['Zone example.com'],
  });
  const lines = text.split('\n');

  it('should start with the header, $ORIGIN, $TTL, then the SOA before the NS', () => {
    expect(lines[0]).toBe('; Zone example.com');
    expect(lines).toContain('$ORIGIN example.com.');
    expect(lines).toContain('$TTL 3600');
    const soa = lines.findIndex((line) => / IN SOA /.test(line));
    const ns = lines.findIndex((line) => / IN NS /.test(line));
    expect(soa).toBeGreaterThan(0);
    expect(ns).toBeGreaterThan(soa);
  });

  it('should write relative owners sorted from the apex down, then by type', () => {
    const owners = lines
      .filter((line) => / IN [A-Z]+ /.test(line) && !/ IN (SOA|NS) /.test(line))
      .map((line) =>
        line
          .replace(/^; (disabled|alias): /, '')
          .split(/\s+/)
          .slice(0, 4)
          .filter((_, index) => index !== 1 && index !== 2)
          .join(' '),
      );
    expect(owners).toEqual([
      '@ A',
      '@ MX',
      '@ ALIAS',
      '_dmarc TXT',
      'mail._domainkey TXT',
      'dev A',
      'a.dev A',
      'old A',
      'www A',
    ]);
  });

  it('should comment disabled and ALIAS records with markers', () => {
    expect(lines).toContainEqual(expect.stringMatching(/^; disabled: old +600 IN A +192\.0\.2\.9$/));
    expect(lines).toContainEqual(expect.stringMatching(/^; alias: @ +300 IN ALIAS +lb\.example\.net\.$/));
  });

  it('should write a long TXT one string per line in parentheses', () => {
    const start = lines.findIndex((line) => line.startsWith('mail._domainkey'));
    expect(lines[start]).toMatch(/ TXT +\( "v=DKIM1; k=rsa; p=A+"$/);
    expect(lines[start + 1].trim()).toBe(`"${'B'.repeat(140)}"`);
    expect(lines[start + 2].trim()).toBe(')');
  });

  it('should read back, through the importer, as exactly the records it was written from', () => {
    const parsed = parseBindZone(text, ZONE);
    const result = prepareImport(ZONE, 3600, parsed);
    expect(result.errors).toEqual([]);
    expect(result.skipped.map((skip) => skip.type)).toEqual(['SOA', 'NS', 'NS']);
    const read = result.records.map(({ fqdn, type, content, ttl, disabled }) => ({
      name: fqdn,
      type,
      content,
      ttl,
      disabled,
    }));
    const sort = (records: ExportRecord[]) =>
      [...records].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(sort(read)).toEqual(sort(RECORDS));
  });
});
