import { ValidationResult, invalid } from 'src/records/content/validation-result';

/**
 * A decimal field of record content (preference, port, key tag...). Leading zeros are accepted and dropped
 * (`010` -> 10): PowerDNS refuses them ("Not in expected format"), but their meaning is not in doubt. Only A records
 * refuse them, where `010` could be read as octal.
 */
export function parseUnsigned(
  word: string | undefined,
  field: string,
  range: { min?: number; max: number },
): ValidationResult<{ value: number }> {
  const min = range.min ?? 0;
  const expected = `${field} must be a whole number from ${min} to ${range.max}`;
  if (word === undefined || !/^[0-9]+$/.test(word)) {
    return invalid(word === undefined ? `${expected}; it is missing` : `${expected}, not '${word}'`);
  }
  const digits = word.replace(/^0+(?=[0-9])/, '');
  const value = digits.length > 15 ? Number.POSITIVE_INFINITY : Number(digits);
  if (value < min || value > range.max) {
    return invalid(`${expected}, not ${word}`);
  }
  return { ok: true, value };
}

export const UINT8_MAX = 255;
export const UINT16_MAX = 65_535;
export const UINT32_MAX = 4_294_967_295;
