import { matchesRecordPattern, normaliseRecordPattern } from 'src/access-grants/record-pattern';

describe('matchesRecordPattern', () => {
  it.each([
    ['*.dev', 'a.dev', true],
    ['*.dev', 'x.y.dev', true],
    ['*.dev', 'dev', false],
    ['*.dev', 'www', false],
    ['*.dev', 'a.dev.example', false],
    ['api.*', 'api.v1', true],
    ['api.*', 'api', false],
    ['www', 'www', true],
    ['www', 'WWW', true],
    ['w?w', 'wxw', false],
    ['a+b', 'a+b', true],
    ['*', '@', true],
    ['@', '@', true],
    ['@', 'www', false],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['*-*', 'web-1', true],
    ['*-*', 'web1', false],
    ['*.dev', '*.dev', true],
    ['', '', true],
    ['', 'a', false],
  ])('should decide %s against %s as %s', (pattern, name, expected) => {
    expect(matchesRecordPattern(pattern, name)).toBe(expected);
  });

  it('should answer at once for a pattern full of stars (no catastrophic backtracking)', () => {
    const started = Date.now();
    expect(matchesRecordPattern('*a'.repeat(100), `${'a'.repeat(200)}b`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('normaliseRecordPattern', () => {
  it.each([
    ['*.dev', '*.dev'],
    ['API.*', 'api.*'],
    ['**.dev', '*.dev'],
    ['@', '@'],
    ['_dmarc', '_dmarc'],
    ['web-*', 'web-*'],
  ])('should accept %s as %s', (input, stored) => {
    expect(normaliseRecordPattern(input)).toEqual({ ok: true, pattern: stored });
  });

  it.each(['', 'a?b', 'a b', '.dev', 'dev.', 'a..b', '[a]', 'www.@', 'x'.repeat(256)])(
    'should refuse %j',
    (input) => {
      expect(normaliseRecordPattern(input).ok).toBe(false);
    },
  );
});
