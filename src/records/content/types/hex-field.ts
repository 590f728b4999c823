import { ValidationResult, invalid } from 'src/records/content/validation-result';

/**
 * A hex digest or fingerprint, lowercased (PowerDNS stores SSHFP, TLSA and DS data in lowercase whatever it is sent).
 * `length` is the exact number of hex digits the digest type implies; without it any even, non-zero length passes.
 */
export function parseHex(
  word: string | undefined,
  field: string,
  length?: number,
): ValidationResult<{ hex: string }> {
  if (word === undefined || !/^[0-9a-fA-F]+$/.test(word)) {
    return invalid(
      `${field} must be hexadecimal${word === undefined ? '; it is missing' : `, not '${word}'`}`,
    );
  }
  if (length !== undefined && word.length !== length) {
    return invalid(`${field} must be ${length} hex digits, not ${word.length}`);
  }
  if (word.length % 2 !== 0) {
    return invalid(`${field} must have an even number of hex digits`);
  }
  return { ok: true, hex: word.toLowerCase() };
}
