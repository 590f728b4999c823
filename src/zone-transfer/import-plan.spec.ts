import { ImportCandidate } from 'src/zone-transfer/formats/import-candidate';
import { ImportMode, StoredRecord, planImport, prepareImport } from 'src/zone-transfer/import-plan';

const ZONE = 'example.com.';

function candidate(line: number, name: string, type: string, content: string, ttl?: number): ImportCandidate {
  return { line, name, type, content, ...(ttl !== undefined ? { ttl } : {}) };
}

function prepared(...candidates: ImportCandidate[]) {
  return prepareImport(ZONE, 3600, { candidates, skipped: [], errors: [] });
}

let nextId = 0;
function stored(name: string, type: string, content: string, ttl = 3600, disabled = false): StoredRecord {
  nextId += 1;
  return { id: `id-${nextId}`, name, type, content, ttl, disabled };
}

describe('prepareImport', () => {
  it('should canonicalise every record through prepareRecord and use the zone default TTL', () => {
    const result = prepared(
      candidate(1, 'www.example.com.', 'A', '192.0.2.1'),
      candidate(2, '@', 'MX', '10   MAIL.example.com.', 300),
    );
    expect(result.errors).toEqual([]);
    expect(result.records).toEqual([
      {
        fqdn: 'www.example.com.',
        relative: 'www',
        type: 'A',
        content: '192.0.2.1',
        ttl: 3600,
        disabled: false,
        line: 1,
      },
      {
        fqdn: 'example.com.',
        relative: '@',
        type: 'MX',
        content: '10 mail.example.com.',
        ttl: 300,
        disabled: false,
        line: 2,
      },
    ]);
  });

  it('should report invalid records with their line and keep the valid ones', () => {
    const result = prepared(
      candidate(3, 'a', 'A', '999.1.1.1'),
      candidate(4, 'b', 'A', '192.0.2.1'),
      candidate(5, 'c', 'A', '192.0.2.2', 5),
    );
    expect(result.errors.map((error) => error.line)).toEqual([3, 5]);
    expect(result.errors[1].message).toContain('TTL');
    expect(result.records.map((record) => record.relative)).toEqual(['b']);
  });

  it('should skip SOA and apex NS from any format', () => {
    const result = prepareImport(ZONE, 3600, {
      candidates: [
        { index: 0, name: '@', type: 'NS', content: 'ns1.example.net.' },
        { index: 1, name: 'example.com', type: 'SOA', content: 'a. b. 1 2 3 4 5' },
      ],
      skipped: [],
      errors: [],
    });
    expect(result.errors).toEqual([]);
    expect(result.skipped.map((skip) => [skip.index, skip.type])).toEqual([
      [0, 'NS'],
      [1, 'SOA'],
    ]);
  });

  it('should skip a repeated record (same canonical content) and name the first one', () => {
    const result = prepared(candidate(1, 'www', 'TXT', 'hello'), candidate(7, 'WWW', 'TXT', '"hello"'));
    expect(result.records).toHaveLength(1);
    expect(result.skipped).toEqual([expect.objectContaining({ line: 7, reason: 'duplicate of line 1' })]);
  });

  it('should refuse records of the import that cannot coexist, naming both lines', () => {
    const result = prepared(
      candidate(2, 'www', 'A', '192.0.2.1'),
      candidate(9, 'www', 'CNAME', 'lb.example.net.'),
    );
    expect(result.errors).toEqual([
      expect.objectContaining({ line: 9, message: expect.stringContaining('(line 2 of the import)') }),
    ]);
  });
});

describe('planImport', () => {
  const www = stored('www.example.com.', 'A', '192.0.2.1');
  const mail = stored('mail.example.com.', 'A', '192.0.2.25', 300);
  const old = stored('old.example.com.', 'A', '192.0.2.99');
  const existing = [www, mail, old];
  const plan = (mode: ImportMode, ...candidates: ImportCandidate[]) =>
    planImport(existing, prepared(...candidates).records, mode);

  it('should in merge add new records, keep equal ones and apply a changed TTL', () => {
    const result = plan(
      'merge',
      candidate(1, 'www', 'A', '192.0.2.1'),
      candidate(2, 'mail', 'A', '192.0.2.25', 600),
      candidate(3, 'api', 'A', '192.0.2.7'),
    );
    expect(result.create.map((record) => record.relative)).toEqual(['api']);
    expect(result.unchanged).toEqual([www]);
    expect(result.update).toEqual([expect.objectContaining({ record: mail, ttl: 600, disabled: false })]);
    expect(result.remove).toEqual([]);
    expect(result.conflicts).toEqual([]);
  });

  it('should in merge report conflicts with stored records (with their ids)', () => {
    const result = plan(
      'merge',
      candidate(4, 'www', 'CNAME', 'lb.example.net.'),
      candidate(5, 'api', 'A', '192.0.2.7'),
    );
    expect(result.conflicts).toEqual([
      expect.objectContaining({ line: 4, name: 'www', type: 'CNAME', conflicts: [www.id] }),
    ]);
    expect(result.create.map((record) => record.relative)).toEqual(['api']);
  });

  it('should in replace delete what the import lacks and keep equal records', () => {
    const result = plan(
      'replace',
      candidate(1, 'www', 'A', '192.0.2.1'),
      candidate(2, 'www', 'AAAA', '2001:db8::1'),
      candidate(3, 'mail', 'A', '192.0.2.26'),
    );
    expect(result.unchanged).toEqual([www]);
    expect(result.remove).toEqual([mail, old]);
    expect(result.create.map((record) => `${record.relative} ${record.type} ${record.content}`)).toEqual([
      'www AAAA 2001:db8::1',
      'mail A 192.0.2.26',
    ]);
  });

  it('should in replace allow what would conflict with records it deletes', () => {
    const result = plan('replace', candidate(1, 'www', 'CNAME', 'lb.example.net.'));
    expect(result.conflicts).toEqual([]);
    expect(result.remove).toEqual(existing);
    expect(result.create).toHaveLength(1);
  });

  it('should in skip_existing add only at new name/type pairs, skip conflicts and never touch stored records', () => {
    const result = plan(
      'skip_existing',
      candidate(1, 'www', 'A', '192.0.2.2'),
      candidate(2, 'www', 'AAAA', '2001:db8::1'),
      candidate(3, 'mail', 'A', '192.0.2.25', 600),
      candidate(4, 'old', 'CNAME', 'new.example.net.'),
    );
    expect(result.create.map((record) => `${record.relative} ${record.type}`)).toEqual(['www AAAA']);
    expect(result.skipped).toEqual([
      expect.objectContaining({ line: 1, reason: 'www already has A records' }),
    ]);
    expect(result.unchanged).toEqual([mail]);
    expect(result.update).toEqual([]);
    expect(result.conflicts).toEqual([expect.objectContaining({ line: 4, conflicts: [old.id] })]);
  });
});
