import { ContentResult } from 'src/records/content/content-canonicaliser';
import { UINT16_MAX, UINT8_MAX, parseUnsigned } from 'src/records/content/content-number';
import { bareWords, tokenizeContent } from 'src/records/content/content-tokens';
import { invalid } from 'src/records/content/validation-result';
import { parseHex } from 'src/records/content/types/hex-field';

/** Digest type -> hex digits: 1 SHA-1, 2 SHA-256, 4 SHA-384 (3, GOST, is deprecated and not accepted). */
const DIGEST_HEX_DIGITS: Record<number, number> = { 1: 40, 2: 64, 4: 96 };

/**
 * `<key tag> <algorithm> <digest type> <hex digest>` (RFC 4034 §5). Any algorithm number 1-255 is accepted: the DS
 * describes the child's key, which ScaiDNS does not need to understand.
 */
export function canonicaliseDs(content: string): ContentResult {
  const tokens = tokenizeContent(content);
  const words = tokens.ok ? bareWords(tokens.tokens) : null;
  if (words === null || words.length !== 4) {
    return invalid(`DS content must be '<key tag> <algorithm> <digest type> <hex digest>', not '${content}'`);
  }
  const keyTag = parseUnsigned(words[0], 'DS key tag', { max: UINT16_MAX });
  if (!keyTag.ok) {
    return keyTag;
  }
  const algorithm = parseUnsigned(words[1], 'DS algorithm', { min: 1, max: UINT8_MAX });
  if (!algorithm.ok) {
    return algorithm;
  }
  const digestType = parseUnsigned(words[2], 'DS digest type', { min: 1, max: 4 });
  if (!digestType.ok || DIGEST_HEX_DIGITS[digestType.value] === undefined) {
    return invalid(`DS digest type must be 1 (SHA-1), 2 (SHA-256) or 4 (SHA-384), not '${words[2]}'`);
  }
  const digest = parseHex(words[3], 'DS digest', DIGEST_HEX_DIGITS[digestType.value]);
  return digest.ok
    ? { ok: true, content: `${keyTag.value} ${algorithm.value} ${digestType.value} ${digest.hex}` }
    : digest;
}
