import { isTtlWord, parseTtlWord } from 'src/zone-transfer/formats/zone-ttl';

describe('parseTtlWord', () => {
  it.each([
    ['3600', 3600],
    ['0', 0],
    ['1h', 3600],
    ['1h30m', 5400],
    ['2D', 172800],
    ['1w2d3h4m5s', 788645],
    ['2147483647', 2147483647],
  ])('should read %s as %d seconds', (word, seconds) => {
    expect(parseTtlWord(word)).toBe(seconds);
  });

  it.each(['', 'h', '1x', '1h 2m', '-1', '2147483648', '1.5h', 'IN'])('should refuse %p', (word) => {
    expect(parseTtlWord(word)).toBeNull();
  });

  it('should tell TTL words from classes and types', () => {
    expect(['IN', 'A', 'MX', 'CH'].some(isTtlWord)).toBe(false);
    expect(isTtlWord('5m')).toBe(true);
  });
});
