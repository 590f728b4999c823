import { quoteCharacterString, splitCharacterStrings } from 'src/records/content/character-string';
import { ContentResult } from 'src/records/content/content-canonicaliser';
import { UINT16_MAX } from 'src/records/content/content-number';
import { tokenizeContent } from 'src/records/content/content-tokens';
import { invalid } from 'src/records/content/validation-result';

/**
 * TXT content, always written back as quoted strings separated by one space:
 * - content starting with `"` is a list of quoted strings (`"a" "b"`), with `\"`, `\\` and `\DDD` escapes; text
 *   outside the quotes is refused;
 * - anything else is ONE literal text, taken as is (no escape processing) and quoted for the user, so
 *   `v=spf1 -all` becomes `"v=spf1 -all"`;
 * - a string longer than 255 octets is split into 255-octet strings (at UTF-8 character boundaries), so a pasted
 *   2048-bit DKIM key needs no manual splitting. Strings the user separated stay separate.
 */
export function canonicaliseTxt(content: string): ContentResult {
  let strings: Buffer[];
  if (content.startsWith('"')) {
    const tokens = tokenizeContent(content);
    if (!tokens.ok) {
      return invalid(`TXT content: ${tokens.error}`);
    }
    strings = [];
    for (const token of tokens.tokens) {
      if (!token.quoted) {
        return invalid(
          `TXT content that starts with a quote must consist of quoted strings only; '${token.text}' is outside the quotes`,
        );
      }
      strings.push(token.bytes);
    }
  } else {
    strings = [Buffer.from(content, 'utf8')];
  }
  const chunks = strings.flatMap(splitCharacterStrings);
  // Each string costs its length octet on the wire; RDATA is limited to 65535 octets.
  const wireLength = chunks.reduce((sum, chunk) => sum + chunk.length + 1, 0);
  if (wireLength > UINT16_MAX) {
    return invalid(`TXT content is too long: ${wireLength} octets on the wire, at most ${UINT16_MAX}`);
  }
  return { ok: true, content: chunks.map(quoteCharacterString).join(' ') };
}
