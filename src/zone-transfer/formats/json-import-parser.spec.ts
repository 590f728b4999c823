import { parseJsonImport } from 'src/zone-transfer/formats/json-import-parser';

describe('parseJsonImport', () => {
  it('should read {"records": [...]} and a bare array', () => {
    const record = { name: 'www', type: 'A', content: '192.0.2.1', ttl: 300, disabled: true };
    expect(parseJsonImport(JSON.stringify({ records: [record] })).candidates).toEqual([
      { index: 0, ...record },
    ]);
    expect(
      parseJsonImport(JSON.stringify([{ name: '@', type: 'MX', content: '10 mail.example.com.' }]))
        .candidates,
    ).toEqual([{ index: 0, name: '@', type: 'MX', content: '10 mail.example.com.' }]);
  });

  it('should read the records listing as it is, skipping its system records', () => {
    const listing = {
      data: [
        {
          id: 'x',
          name: 'example.com',
          display_name: '@',
          type: 'SOA',
          content: 'ns1. host. 1 2 3 4 5',
          ttl: 3600,
          disabled: false,
          domain_id: 'd',
          system: true,
          created_at: 't',
          updated_at: 't',
        },
        {
          id: 'y',
          name: 'www.example.com',
          display_name: 'www',
          type: 'A',
          content: '192.0.2.1',
          ttl: 300,
          disabled: false,
          domain_id: 'd',
          system: false,
          created_at: 't',
          updated_at: 't',
        },
      ],
      total: 2,
    };
    const result = parseJsonImport(JSON.stringify(listing));
    expect(result.errors).toEqual([]);
    expect(result.skipped).toEqual([expect.objectContaining({ index: 0, type: 'SOA' })]);
    expect(result.candidates).toEqual([
      { index: 1, name: 'www.example.com', type: 'A', content: '192.0.2.1', ttl: 300, disabled: false },
    ]);
  });

  it('should report bad records by index', () => {
    const result = parseJsonImport(
      JSON.stringify({
        records: [
          { name: 'a', type: 'A' },
          'x',
          { name: 'b', type: 'A', content: '192.0.2.1', ttl: '300', colour: 'red' },
        ],
      }),
    );
    expect(result.errors).toEqual([
      { index: 0, name: 'a', type: 'A', message: 'content must be a string' },
      { index: 1, message: expect.stringContaining('must be an object') },
      { index: 2, name: 'b', type: 'A', message: 'ttl must be a number; unknown field(s) colour' },
    ]);
  });

  it('should refuse text that is not JSON, or JSON without a list', () => {
    expect(parseJsonImport('{"records": [').errors[0].message).toMatch(/^the content is not valid JSON/);
    expect(parseJsonImport('{"items": []}').errors[0].message).toContain('expected {"records": [...]}');
  });
});
