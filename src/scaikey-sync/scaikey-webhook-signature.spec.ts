import {
  SIGNATURE_TOLERANCE_SECONDS,
  signWebhook,
  verifyWebhookSignature,
} from 'src/scaikey-sync/scaikey-webhook-signature';

describe('verifyWebhookSignature', () => {
  const secret = 'unit-secret';
  const body = Buffer.from('{"event_id":"evt_1","event_type":"user.updated"}', 'utf8');
  const now = 1_800_000_000;
  const header = (t: number, raw = body, key = secret) => `t=${t},v1=${signWebhook(key, t, raw)}`;

  it('should accept a signature over the exact bytes within the window', () => {
    expect(verifyWebhookSignature(header(now - 10), body, secret, now)).toEqual({
      ok: true,
      timestamp: now - 10,
    });
  });

  it('should accept any of several v1 values (secret rotation)', () => {
    const rotated = `t=${now},v1=${signWebhook('old-secret', now, body)},v1=${signWebhook(secret, now, body)}`;
    expect(verifyWebhookSignature(rotated, body, secret, now).ok).toBe(true);
  });

  it('should refuse a missing or malformed header', () => {
    expect(verifyWebhookSignature(undefined, body, secret, now)).toMatchObject({
      ok: false,
      reason: 'missing',
    });
    expect(verifyWebhookSignature('v1=abc', body, secret, now)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyWebhookSignature(`t=${now}`, body, secret, now)).toMatchObject({
      ok: false,
      reason: 'malformed',
    });
  });

  it('should refuse timestamps outside the window in both directions', () => {
    const old = now - SIGNATURE_TOLERANCE_SECONDS - 1;
    const future = now + SIGNATURE_TOLERANCE_SECONDS + 1;
    expect(verifyWebhookSignature(header(old), body, secret, now)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(verifyWebhookSignature(header(future), body, secret, now)).toMatchObject({
      ok: false,
      reason: 'expired',
    });
    expect(verifyWebhookSignature(header(now - SIGNATURE_TOLERANCE_SECONDS), body, secret, now).ok).toBe(
      true,
    );
  });

  it('should refuse another secret, another body, or a re-signed timestamp', () => {
    expect(verifyWebhookSignature(header(now, body, 'wrong'), body, secret, now)).toMatchObject({
      reason: 'mismatch',
    });
    const tampered = Buffer.from(body.toString().replace('updated', 'deleted'));
    expect(verifyWebhookSignature(header(now), tampered, secret, now)).toMatchObject({ reason: 'mismatch' });
    const swapped = `t=${now - 1},v1=${signWebhook(secret, now, body)}`;
    expect(verifyWebhookSignature(swapped, body, secret, now)).toMatchObject({ reason: 'mismatch' });
  });
});
