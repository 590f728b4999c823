import { createHmac, timingSafeEqual } from 'node:crypto';

/** ScaiKey refuses nothing older; ScaiDNS refuses signatures more than this far from its own clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { ok: true; timestamp: number }
  | { ok: false; reason: 'missing' | 'malformed' | 'expired' | 'mismatch'; detail: string };

/** `HMAC-SHA256(secret, "<t>." + raw body)` as lowercase hex, exactly as ScaiKey signs. */
export function signWebhook(secret: string, timestamp: number, rawBody: Buffer): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`${timestamp}.`)
    .update(rawBody)
    .digest('hex');
}

/**
 * Checks `X-ScaiKey-Signature: t=<unix seconds>,v1=<hex>` against the raw request bytes: the timestamp must be
 * within the tolerance of `nowSeconds`, and one of the `v1` values (several are allowed, for secret rotation) must
 * match, compared in constant time.
 */
export function verifyWebhookSignature(
  header: string | undefined,
  rawBody: Buffer,
  secret: string,
  nowSeconds: number,
): SignatureCheck {
  if (!header || !header.trim()) {
    return { ok: false, reason: 'missing', detail: 'Missing X-ScaiKey-Signature header' };
  }
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const index = part.indexOf('=');
    if (index <= 0) {
      continue;
    }
    const key = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) {
      timestamp = Number(value);
    } else if (key === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) {
      signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === null || signatures.length === 0) {
    return {
      ok: false,
      reason: 'malformed',
      detail: 'Malformed X-ScaiKey-Signature header (expected t=<unix>,v1=<hex>)',
    };
  }
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    return { ok: false, reason: 'expired', detail: 'Webhook timestamp is outside the allowed window' };
  }
  const expected = Buffer.from(signWebhook(secret, timestamp, rawBody), 'hex');
  // Every candidate is compared (no early exit), each in constant time.
  let matched = false;
  for (const signature of signatures) {
    matched = timingSafeEqual(expected, Buffer.from(signature, 'hex')) || matched;
  }
  return matched
    ? { ok: true, timestamp }
    : { ok: false, reason: 'mismatch', detail: 'Invalid webhook signature' };
}
