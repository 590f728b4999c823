import { decodeEscapes } from 'src/records/content/character-string';
import { ValidationResult, invalid } from 'src/records/content/validation-result';

/** One field of record content: a bare word, or a quoted string already decoded to its octets. */
export type ContentToken = { quoted: false; text: string } | { quoted: true; bytes: Buffer };

/**
 * Splits content into fields separated by spaces (any number). Quoted strings may contain spaces and escapes
 * (see decodeEscapes) and may follow each other directly (`"a""b"` is two strings); a quote glued to a bare word
 * (`a"b"`) is refused as ambiguous. Control characters were refused before this runs.
 */
export function tokenizeContent(content: string): ValidationResult<{ tokens: ContentToken[] }> {
  const tokens: ContentToken[] = [];
  let i = 0;
  while (i < content.length) {
    if (content[i] === ' ') {
      i += 1;
      continue;
    }
    if (content[i] === '"') {
      let end = i + 1;
      while (end < content.length && content[end] !== '"') {
        end += content[end] === '\\' ? 2 : 1;
      }
      if (end >= content.length) {
        return invalid(`Unterminated quoted string: ${content.slice(i)}`);
      }
      const decoded = decodeEscapes(content.slice(i + 1, end));
      if (!decoded.ok) {
        return decoded;
      }
      tokens.push({ quoted: true, bytes: decoded.bytes });
      i = end + 1;
      if (i < content.length && content[i] !== ' ' && content[i] !== '"') {
        return invalid(`Unexpected text after a quoted string: ${content.slice(i)}`);
      }
      continue;
    }
    let end = i;
    while (end < content.length && content[end] !== ' ') {
      if (content[end] === '"') {
        return invalid(`Unexpected quote inside '${content.slice(i).split(' ')[0]}'`);
      }
      end += 1;
    }
    tokens.push({ quoted: false, text: content.slice(i, end) });
    i = end;
  }
  return { ok: true, tokens };
}

/** The bare words of content that has no quoted strings; null when it has one. */
export function bareWords(tokens: ContentToken[]): string[] | null {
  const words: string[] = [];
  for (const token of tokens) {
    if (token.quoted) {
      return null;
    }
    words.push(token.text);
  }
  return words;
}
