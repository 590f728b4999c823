import { ValidationResult, invalid } from 'src/records/content/validation-result';

/** RFC 1035 §3.3: a <character-string> is a length octet and at most 255 octets of data. */
export const MAX_CHARACTER_STRING_OCTETS = 255;

/**
 * Decodes the text between the quotes of a zone-file string into its octets: `\"` and `\\` (and `\X` for any other
 * non-digit X) stand for X, `\DDD` for the octet with that decimal value; everything else is UTF-8.
 */
export function decodeEscapes(text: string): ValidationResult<{ bytes: Buffer }> {
  const bytes: number[] = [];
  let i = 0;
  while (i < text.length) {
    let char = String.fromCodePoint(text.codePointAt(i) as number);
    if (char === '\\') {
      const rest = text.slice(i + 1);
      if (rest === '') {
        return invalid('A quoted string ends with a lone backslash');
      }
      if (/^[0-9]/.test(rest)) {
        const digits = /^[0-9]{3}/.exec(rest)?.[0];
        if (digits === undefined || Number(digits) > 255) {
          return invalid(
            `Invalid escape '\\${rest.slice(0, 3)}': use \\DDD with three digits from 000 to 255`,
          );
        }
        bytes.push(Number(digits));
        i += 4;
        continue;
      }
      i += 1;
      char = String.fromCodePoint(text.codePointAt(i) as number);
    }
    bytes.push(...Buffer.from(char, 'utf8'));
    i += char.length;
  }
  return { ok: true, bytes: Buffer.from(bytes) };
}

/**
 * The canonical presentation of octets (without the surrounding quotes): printable ASCII as is, `"` and `\` escaped,
 * well-formed UTF-8 kept as readable characters, and every other octet (controls, stray high bytes) as `\DDD`.
 * So `"caf\195\169"` and `"café"` (the same octets) both come out as `café`, and equal data compares equal.
 */
export function encodeCharacterString(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    if (byte === 0x22 || byte === 0x5c) {
      out += `\\${String.fromCharCode(byte)}`;
      i += 1;
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += String.fromCharCode(byte);
      i += 1;
    } else {
      const length = printableUtf8Length(bytes, i);
      if (length > 0) {
        out += bytes.toString('utf8', i, i + length);
        i += length;
      } else {
        out += `\\${String(byte).padStart(3, '0')}`;
        i += 1;
      }
    }
  }
  return out;
}

/**
 * Splits octets into strings of at most 255 octets. A UTF-8 character is never cut in two, so a chunk of non-ASCII
 * text may end a few octets short of 255; the chunks still concatenate to the same data (SPF, DKIM and TXT readers
 * join them). An empty input gives one empty string.
 */
export function splitCharacterStrings(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let start = 0;
  let i = 0;
  while (i < bytes.length) {
    const unit = Math.max(1, utf8Length(bytes, i));
    if (i + unit - start > MAX_CHARACTER_STRING_OCTETS) {
      chunks.push(bytes.subarray(start, i));
      start = i;
    }
    i += unit;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/** Octets to one quoted canonical string: `"..."`. */
export function quoteCharacterString(bytes: Buffer): string {
  return `"${encodeCharacterString(bytes)}"`;
}

/** Length of the multi-octet UTF-8 character at `i` if it is well-formed and not a C1 control, else 0. */
function printableUtf8Length(bytes: Buffer, i: number): number {
  const length = utf8Length(bytes, i);
  if (length < 2) {
    return 0;
  }
  const codePoint = bytes.toString('utf8', i, i + length).codePointAt(0) as number;
  return codePoint >= 0xa0 ? length : 0;
}

/**
 * Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7: no overlong forms, no surrogates, nothing
 * above U+10FFFF), or 0 when the octets there are not one.
 */
function utf8Length(bytes: Buffer, i: number): number {
  const b0 = bytes[i];
  const cont = (offset: number, low = 0x80, high = 0xbf): boolean =>
    i + offset < bytes.length && bytes[i + offset] >= low && bytes[i + offset] <= high;
  if (b0 < 0x80) {
    return 1;
  }
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    return cont(1) ? 2 : 0;
  }
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
