import {
  decodeEscapes,
  encodeCharacterString,
  splitCharacterStrings,
} from 'src/records/content/character-string';

describe('decodeEscapes', () => {
  it.each([
    ['plain', [0x70, 0x6c, 0x61, 0x69, 0x6e]],
    ['\\"', [0x22]],
    ['\\\\', [0x5c]],
    ['\\000\\255', [0, 255]],
    ['\\a', [0x61]],
    ['é', [0xc3, 0xa9]],
    ['\\é', [0xc3, 0xa9]],
    ['😀', [0xf0, 0x9f, 0x98, 0x80]],
  ])('should decode %j', (text, bytes) => {
    expect(decodeEscapes(text)).toEqual({ ok: true, bytes: Buffer.from(bytes) });
  });

  it.each(['\\', 'a\\', '\\25', '\\2a5', '\\256', '\\999'])('should refuse %j', (text) => {
    expect(decodeEscapes(text).ok).toBe(false);
  });
});

describe('encodeCharacterString', () => {
  it.each([
    [[0x61, 0x22, 0x5c], 'a\\"\\\\'],
    [[0x09, 0x7f, 0x00], '\\009\\127\\000'],
    [[0xc3, 0xa9], 'é'],
    [[0xc2, 0x85], '\\194\\133'], // U+0085, a C1 control
    [[0xc3], '\\195'], // truncated sequence
    [[0xc0, 0xaf], '\\192\\175'], // overlong "/"
    [[0xed, 0xa0, 0x80], '\\237\\160\\128'], // a UTF-16 surrogate
    [[0xf0, 0x9f, 0x98, 0x80], '😀'],
  ])('should encode %j as %j', (bytes, text) => {
    expect(encodeCharacterString(Buffer.from(bytes))).toBe(text);
  });
});

describe('splitCharacterStrings', () => {
  const lengths = (bytes: Buffer): number[] => splitCharacterStrings(bytes).map((chunk) => chunk.length);

  it('should keep short strings whole and give one empty string for no data', () => {
    expect(lengths(Buffer.alloc(0))).toEqual([0]);
    expect(lengths(Buffer.alloc(255, 0x61))).toEqual([255]);
  });

  it('should cut ASCII every 255 octets', () => {
    expect(lengths(Buffer.alloc(256, 0x61))).toEqual([255, 1]);
    expect(lengths(Buffer.alloc(600, 0x61))).toEqual([255, 255, 90]);
  });

  it('should never cut a UTF-8 character in two', () => {
    const text = `a${'€'.repeat(100)}`; // 1 + 300 octets; 3-octet characters
    const chunks = splitCharacterStrings(Buffer.from(text, 'utf8'));
    expect(chunks.map((chunk) => chunk.length)).toEqual([253, 48]);
    expect(chunks.map((chunk) => chunk.toString('utf8')).join('')).toBe(text);
  });
});
