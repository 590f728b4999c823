import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const API_KEY_PREFIX = 'sdk_live_';
/** Characters of the secret after `sdk_live_` that are stored in clear to find the row. */
const LOOKUP_CHARS = 8;
const SECRET_CHARS = 43;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new secret: `sdk_live_` + 43 base62 characters (about 256 bits of entropy). */
export function generateApiKeySecret(): string {
  const bytes = randomBytes(SECRET_CHARS * 2);
  let body = '';
  // Rejection sampling keeps every character equally likely (248 = 4 * 62).
  for (const byte of bytes) {
    if (byte < 248 && body.length < SECRET_CHARS) {
      body += ALPHABET[byte % 62];
    }
  }
  return body.length === SECRET_CHARS ? `${API_KEY_PREFIX}${body}` : generateApiKeySecret();
}

/** The stored, non-secret part used to find a key: `sdk_live_` plus the first characters of the secret. */
export function lookupPrefixOf(secret: string): string | null {
  if (!secret.startsWith(API_KEY_PREFIX) || secret.length !== API_KEY_PREFIX.length + SECRET_CHARS) {
    return null;
  }
  return secret.slice(0, API_KEY_PREFIX.length + LOOKUP_CHARS);
}

/** Keyed hash with the deployment's pepper: a stolen database alone cannot be used to test guesses. */
export function hashApiKeySecret(secret: string, pepper: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

export function hashesMatch(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
