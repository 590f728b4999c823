import { matchesRecordPattern } from 'src/access-grants/record-pattern';

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
  ])('should decide %s against %s as %s', (pattern, name, expected) => {
    expect(matchesRecordPattern(pattern, name)).toBe(expected);
  });
});
