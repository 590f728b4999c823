import { CASES_ZONE, CONTENT_CASES } from 'src/records/content/record-content.cases';
import { canonicaliseContent } from 'src/records/content/record-content';
import { RECORD_TYPES, RecordType } from 'src/records/content/record-types';

/** The minimum rows per type: the common types get more, because users write them by hand most. */
const MINIMUM_ROWS: Partial<Record<RecordType, number>> = { A: 6, AAAA: 6, MX: 6, TXT: 6, CAA: 6, SRV: 6 };

describe('canonicaliseContent', () => {
  describe.each(RECORD_TYPES)('%s', (type) => {
    const cases = CONTENT_CASES[type];

    it('should have enough valid and invalid rows', () => {
      const minimum = MINIMUM_ROWS[type] ?? 3;
      expect(cases.valid.length).toBeGreaterThanOrEqual(minimum);
      expect(cases.invalid.length).toBeGreaterThanOrEqual(minimum);
    });

    it.each(cases.valid.map((row) => [row.input, row.canonical]))(
      'should canonicalise %j to %j',
      (input, canonical) => {
        expect(canonicaliseContent(type, input, CASES_ZONE)).toEqual({ ok: true, content: canonical });
      },
    );

    it.each(cases.valid.map((row) => [row.canonical]))(
      'should keep the canonical form %j unchanged',
      (canonical) => {
        expect(canonicaliseContent(type, canonical, CASES_ZONE)).toEqual({ ok: true, content: canonical });
      },
    );

    it.each(cases.invalid.map((row) => [row.input, row.error]))(
      'should refuse %j with a message containing %j',
      (input, error) => {
        const result = canonicaliseContent(type, input, CASES_ZONE);
        expect(result.ok).toBe(false);
        expect(result.ok ? '' : result.error).toContain(error);
      },
    );
  });

  it('should refuse an unknown or lowercase type without throwing', () => {
    expect(canonicaliseContent('FOO', 'x', CASES_ZONE)).toEqual({
      ok: false,
      error: expect.stringContaining("Unsupported record type 'FOO'") as unknown,
    });
    expect(canonicaliseContent('a', '192.0.2.1', CASES_ZONE).ok).toBe(false);
  });

  it('should refuse content that is not a string without throwing', () => {
    expect(canonicaliseContent('A', 42 as unknown as string, CASES_ZONE)).toEqual({
      ok: false,
      error: 'A content must be a string',
    });
  });

  it('should resolve @ against a zone given without trailing dot or in upper case', () => {
    expect(canonicaliseContent('CNAME', '@', 'Example.COM')).toEqual({ ok: true, content: 'example.com.' });
  });

  it('should never throw, whatever the input', () => {
    const alphabet = [
      'a',
      '1',
      '0',
      '.',
      ':',
      ' ',
      '"',
      '\\',
      '@',
      '*',
      '_',
      '-',
      ';',
      'é',
      'ff',
      '255',
      '\u0000',
    ];
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (const type of RECORD_TYPES) {
      for (let i = 0; i < 300; i++) {
        const input = Array.from({ length: random(12) }, () => alphabet[random(alphabet.length)]).join('');
        const result = canonicaliseContent(type, input, CASES_ZONE);
        expect(typeof result.ok).toBe('boolean');
        if (result.ok) {
          // Whatever is accepted must already be canonical.
          expect(canonicaliseContent(type, result.content, CASES_ZONE)).toEqual(result);
        }
      }
    }
  });
});
