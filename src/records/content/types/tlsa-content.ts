import { ContentResult } from 'src/records/content/content-canonicaliser';
import { parseUnsigned } from 'src/records/content/content-number';
import { bareWords, tokenizeContent } from 'src/records/content/content-tokens';
import { invalid } from 'src/records/content/validation-result';
import { parseHex } from 'src/records/content/types/hex-field';

/** Matching type -> hex digits: 1 SHA-256, 2 SHA-512; 0 is the full certificate or key (any length). */
const MATCHING_HEX_DIGITS: Record<number, number | undefined> = { 0: undefined, 1: 64, 2: 128 };

/** `<usage 0-3> <selector 0-1> <matching type 0-2> <hex data>` (RFC 6698). */
export function canonicaliseTlsa(content: string): ContentResult {
  const tokens = tokenizeContent(content);
  const words = tokens.ok ? bareWords(tokens.tokens) : null;
  if (words === null || words.length !== 4) {
    return invalid(`TLSA content must be '<usage> <selector> <matching type> <hex data>', not '${content}'`);
  }
  const usage = parseUnsigned(words[0], 'TLSA certificate usage', { max: 3 });
  if (!usage.ok) {
    return usage;
  }
  const selector = parseUnsigned(words[1], 'TLSA selector', { max: 1 });
  if (!selector.ok) {
    return selector;
  }
  const matching = parseUnsigned(words[2], 'TLSA matching type', { max: 2 });
  if (!matching.ok) {
    return matching;
  }
  const data = parseHex(words[3], 'TLSA data', MATCHING_HEX_DIGITS[matching.value]);
  return data.ok
    ? { ok: true, content: `${usage.value} ${selector.value} ${matching.value} ${data.hex}` }
    : data;
}
