import { ContentResult } from 'src/records/content/content-canonicaliser';
import { parseUnsigned } from 'src/records/content/content-number';
import { bareWords, tokenizeContent } from 'src/records/content/content-tokens';
import { invalid } from 'src/records/content/validation-result';
import { parseHex } from 'src/records/content/types/hex-field';

/** RFC 4255/6594/7479/8709 key algorithms: 1 RSA, 2 DSA, 3 ECDSA, 4 Ed25519, 6 Ed448 (5 is unassigned). */
const ALGORITHMS = [1, 2, 3, 4, 6];
/** Fingerprint type -> hex digits: 1 SHA-1, 2 SHA-256. */
const FINGERPRINT_HEX_DIGITS: Record<number, number> = { 1: 40, 2: 64 };

/** `<algorithm> <fingerprint type> <hex fingerprint>`. */
export function canonicaliseSshfp(content: string): ContentResult {
  const tokens = tokenizeContent(content);
  const words = tokens.ok ? bareWords(tokens.tokens) : null;
  if (words === null || words.length !== 3) {
    return invalid(
      `SSHFP content must be '<algorithm> <fingerprint type> <hex fingerprint>', not '${content}'`,
    );
  }
  const algorithm = parseUnsigned(words[0], 'SSHFP algorithm', { min: 1, max: 6 });
  if (!algorithm.ok || !ALGORITHMS.includes(algorithm.value)) {
    return invalid(
      `SSHFP algorithm must be 1 (RSA), 2 (DSA), 3 (ECDSA), 4 (Ed25519) or 6 (Ed448), not '${words[0]}'`,
    );
  }
  const type = parseUnsigned(words[1], 'SSHFP fingerprint type', { min: 1, max: 2 });
  if (!type.ok) {
    return invalid(`SSHFP fingerprint type must be 1 (SHA-1) or 2 (SHA-256), not '${words[1]}'`);
  }
  const fingerprint = parseHex(words[2], 'SSHFP fingerprint', FINGERPRINT_HEX_DIGITS[type.value]);
  return fingerprint.ok
    ? { ok: true, content: `${algorithm.value} ${type.value} ${fingerprint.hex}` }
    : fingerprint;
}
