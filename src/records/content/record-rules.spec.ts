import {
  ExistingRecord,
  MAX_TTL,
  MIN_TTL,
  checkPlacement,
  checkRrsetConsistency,
  validateTtl,
} from 'src/records/content/record-rules';

const ZONE = 'example.com.';

describe('validateTtl', () => {
  it('should export the bounds: 1 minute to 1 week', () => {
    expect([MIN_TTL, MAX_TTL]).toEqual([60, 604_800]);
  });

  it.each([60, 300, 3600, 86_400, 604_800])('should accept %j', (ttl) => {
    expect(validateTtl(ttl)).toEqual({ ok: true, ttl });
  });

  it.each([59, 0, -1, 604_801, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '300', null, undefined])(
    'should refuse %j',
    (ttl) => {
      expect(validateTtl(ttl)).toEqual({
        ok: false,
        error: expect.stringContaining('TTL must be') as unknown,
      });
    },
  );
});

describe('checkPlacement', () => {
  it.each([
    ['A', 'example.com.'],
    ['A', 'www.example.com.'],
    ['A', '*.example.com.'],
    ['MX', 'example.com.'],
    ['TXT', '_dmarc.example.com.'],
    ['NS', 'dev.example.com.'],
    ['DS', 'dev.example.com.'],
    ['CNAME', 'www.example.com.'],
    ['CNAME', '*.example.com.'],
    ['DNAME', 'example.com.'],
    ['DNAME', 'legacy.example.com.'],
    ['ALIAS', 'example.com.'],
    ['CAA', 'example.com.'],
  ])('should allow %s at %s', (type, fqdn) => {
    expect(checkPlacement(type, fqdn, ZONE)).toEqual({ ok: true });
  });

  it.each([
    ['SOA', 'example.com.', 'SOA records are managed by ScaiDNS'],
    ['SOA', 'www.example.com.', 'SOA records are managed by ScaiDNS'],
    ['NS', 'example.com.', "The zone's NS records are managed by ScaiDNS; use /admin/nameservers"],
    ['CNAME', 'example.com.', 'cannot be at the zone apex'],
    ['DS', 'example.com.', 'cannot be at the zone apex'],
    ['NS', '*.example.com.', 'wildcard'],
    ['DS', '*.dev.example.com.', 'wildcard'],
    ['A', 'www.other.org.', 'Name is outside the zone'],
    ['A', 'notexample.com.', 'Name is outside the zone'],
  ])('should refuse %s at %s', (type, fqdn, error) => {
    const result = checkPlacement(type, fqdn, ZONE);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(error);
  });

  it('should compare against a zone given without trailing dot or in upper case', () => {
    expect(checkPlacement('CNAME', 'example.com.', 'Example.COM').ok).toBe(false);
  });
});

describe('checkRrsetConsistency', () => {
  const record = (id: string, type: string, name: string, content: string): ExistingRecord => ({
    id,
    type,
    fqdn: `${name}.${ZONE}`,
    content,
  });
  const existing = [
    record('r-a1', 'A', 'www', '192.0.2.1'),
    record('r-a2', 'A', 'www', '192.0.2.2'),
    record('r-txt', 'TXT', 'www', '"hello"'),
    record('r-cname', 'CNAME', 'shop', 'www.example.com.'),
    record('r-dname', 'DNAME', 'legacy', 'example.net.'),
    record('r-other', 'A', 'api', '192.0.2.1'),
  ];

  it('should accept a new record at a new name or a new address in an existing rrset', () => {
    expect(
      checkRrsetConsistency(existing, { type: 'A', fqdn: 'new.example.com.', content: '192.0.2.1' }),
    ).toBeNull();
    expect(
      checkRrsetConsistency(existing, { type: 'A', fqdn: 'www.example.com.', content: '192.0.2.3' }),
    ).toBeNull();
    expect(
      checkRrsetConsistency([], { type: 'CNAME', fqdn: 'x.example.com.', content: 'y.example.com.' }),
    ).toBeNull();
  });

  it('should report a duplicate with the id of the identical record', () => {
    expect(
      checkRrsetConsistency(existing, { type: 'A', fqdn: 'WWW.example.com.', content: '192.0.2.2' }),
    ).toEqual({
      kind: 'duplicate',
      conflicts: ['r-a2'],
      message: expect.stringContaining('already exists') as unknown,
    });
  });

  it('should report every record at the name when a CNAME is added next to them', () => {
    expect(
      checkRrsetConsistency(existing, { type: 'CNAME', fqdn: 'www.example.com.', content: 'x.example.net.' }),
    ).toEqual({
      kind: 'cname_conflict',
      conflicts: ['r-a1', 'r-a2', 'r-txt'],
      message: expect.stringContaining('already has A, TXT') as unknown,
    });
  });

  it('should report the CNAME when another type is added at its name', () => {
    expect(
      checkRrsetConsistency(existing, { type: 'TXT', fqdn: 'shop.example.com.', content: '"x"' }),
    ).toEqual({
      kind: 'cname_conflict',
      conflicts: ['r-cname'],
      message: expect.stringContaining('has a CNAME record') as unknown,
    });
  });

  it('should refuse a second CNAME at a name', () => {
    expect(
      checkRrsetConsistency(existing, {
        type: 'CNAME',
        fqdn: 'shop.example.com.',
        content: 'other.example.com.',
      }),
    ).toMatchObject({ kind: 'cname_single', conflicts: ['r-cname'] });
  });

  it('should report an identical CNAME as a duplicate, not as a second CNAME', () => {
    expect(
      checkRrsetConsistency(existing, {
        type: 'CNAME',
        fqdn: 'shop.example.com.',
        content: 'www.example.com.',
      }),
    ).toMatchObject({ kind: 'duplicate', conflicts: ['r-cname'] });
  });

  it('should refuse a second DNAME at a name but allow other types next to a DNAME', () => {
    expect(
      checkRrsetConsistency(existing, {
        type: 'DNAME',
        fqdn: 'legacy.example.com.',
        content: 'example.org.',
      }),
    ).toMatchObject({ kind: 'dname_single', conflicts: ['r-dname'] });
    expect(
      checkRrsetConsistency(existing, { type: 'TXT', fqdn: 'legacy.example.com.', content: '"x"' }),
    ).toBeNull();
  });

  it('should not hold an update against the record it replaces', () => {
    expect(
      checkRrsetConsistency(existing, {
        id: 'r-cname',
        type: 'CNAME',
        fqdn: 'shop.example.com.',
        content: 'other.example.com.',
      }),
    ).toBeNull();
    expect(
      checkRrsetConsistency(existing, {
        id: 'r-a1',
        type: 'A',
        fqdn: 'www.example.com.',
        content: '192.0.2.1',
      }),
    ).toBeNull();
    expect(
      checkRrsetConsistency(existing, {
        id: 'r-a1',
        type: 'A',
        fqdn: 'www.example.com.',
        content: '192.0.2.2',
      }),
    ).toMatchObject({ kind: 'duplicate', conflicts: ['r-a2'] });
  });

  it('should ignore records at other names', () => {
    expect(
      checkRrsetConsistency(existing, {
        type: 'CNAME',
        fqdn: 'api2.example.com.',
        content: 'x.example.net.',
      }),
    ).toBeNull();
  });
});
