import { parseCsvImport, splitCsv } from 'src/zone-transfer/formats/csv-import-parser';

describe('splitCsv', () => {
  it('should split RFC 4180 rows with quoted commas, doubled quotes and line breaks', () => {
    const result = splitCsv('a,"b,c","say ""hi"""\r\n"multi\nline",x,\n\nlast,row,end');
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 1, fields: ['a', 'b,c', 'say "hi"'] },
        { line: 2, fields: ['multi\nline', 'x', ''] },
        { line: 5, fields: ['last', 'row', 'end'] },
      ],
    });
  });

  it('should refuse a quote inside an unquoted field and text after a closing quote', () => {
    expect(splitCsv('a,b"c\n')).toMatchObject({ ok: false, line: 1 });
    expect(splitCsv('ok\n"a"b,c\n')).toMatchObject({ ok: false, line: 2 });
  });

  it('should name the line where an unclosed quoted field starts', () => {
    expect(splitCsv('a\nb\n"never closed,\nx\n')).toMatchObject({
      ok: false,
      line: 3,
      error: expect.stringContaining('never closed'),
    });
  });
});

describe('parseCsvImport', () => {
  it('should read records by the header, in any column order, with optional ttl and disabled', () => {
    const result = parseCsvImport(
      [
        'type,name,content,ttl,disabled',
        'A,www,192.0.2.1,300,',
        'TXT,@,"""v=spf1 include:_spf.example.net -all""",,false',
        'MX,@,"10 mail.example.com.",3600,true',
      ].join('\n'),
    );
    expect(result.errors).toEqual([]);
    expect(result.candidates).toEqual([
      { line: 2, name: 'www', type: 'A', content: '192.0.2.1', ttl: 300 },
      { line: 3, name: '@', type: 'TXT', content: '"v=spf1 include:_spf.example.net -all"', disabled: false },
      { line: 4, name: '@', type: 'MX', content: '10 mail.example.com.', ttl: 3600, disabled: true },
    ]);
  });

  it('should refuse a header without the required columns or with unknown ones', () => {
    expect(parseCsvImport('name,type,value\nwww,A,192.0.2.1\n').errors).toEqual([
      { line: 1, message: expect.stringContaining("missing content; unknown 'value'") },
    ]);
  });

  it('should report rows with the wrong number of fields and bad TTLs with their lines', () => {
    const result = parseCsvImport(
      'name,type,content,ttl\nwww,A,192.0.2.1\nmail,A,192.0.2.2,soon\nok,A,192.0.2.3,60\n',
    );
    expect(result.errors.map((error) => [error.line, error.message])).toEqual([
      [2, 'expected 4 fields, found 3'],
      [3, "TTL must be a whole number of seconds, not 'soon'"],
    ]);
    expect(result.candidates).toEqual([{ line: 4, name: 'ok', type: 'A', content: '192.0.2.3', ttl: 60 }]);
  });

  it('should give nothing for an empty file', () => {
    expect(parseCsvImport('')).toEqual({ candidates: [], skipped: [], errors: [] });
  });
});
