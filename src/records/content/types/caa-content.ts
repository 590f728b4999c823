import { quoteCharacterString } from 'src/records/content/character-string';
import { ContentResult } from 'src/records/content/content-canonicaliser';
import { UINT8_MAX, parseUnsigned } from 'src/records/content/content-number';
import { tokenizeContent } from 'src/records/content/content-tokens';
import { invalid } from 'src/records/content/validation-result';
import { CAA_TAGS, CaaTag, canonicaliseCaaValue } from 'src/records/content/types/caa-value';

const USAGE = `CAA content must be '<flags> <tag> "<value>"', e.g. '0 issue "letsencrypt.org"'`;

/**
 * `<flags 0-255> <tag> "<value>"`: the tag is lowercased and must be one of CAA_TAGS; the value may be given without
 * quotes when it has no spaces, must be printable ASCII, and is checked per tag (see caa-value.ts).
 */
export function canonicaliseCaa(content: string): ContentResult {
  const tokens = tokenizeContent(content);
  if (!tokens.ok) {
    return invalid(`${USAGE}; ${tokens.error}`);
  }
  const [flagsToken, tagToken, valueToken, ...extra] = tokens.tokens;
  if (
    flagsToken?.quoted !== false ||
    tagToken?.quoted !== false ||
    valueToken === undefined ||
    extra.length > 0
  ) {
    return invalid(`${USAGE}, not '${content}'`);
  }
  const flags = parseUnsigned(flagsToken.text, 'CAA flags', { max: UINT8_MAX });
  if (!flags.ok) {
    return flags;
  }
  const tag = tagToken.text.toLowerCase();
  if (!(CAA_TAGS as readonly string[]).includes(tag)) {
    return invalid(`CAA tag must be one of ${CAA_TAGS.join(', ')}, not '${tagToken.text}'`);
  }
  const bytes = valueToken.quoted ? valueToken.bytes : Buffer.from(valueToken.text, 'utf8');
  if (bytes.some((byte) => byte < 0x20 || byte > 0x7e)) {
    return invalid('CAA value must be printable ASCII');
  }
  const value = canonicaliseCaaValue(tag as CaaTag, bytes.toString('ascii'));
  if (!value.ok) {
    return value;
  }
  return {
    ok: true,
    content: `${flags.value} ${tag} ${quoteCharacterString(Buffer.from(value.value, 'ascii'))}`,
  };
}
