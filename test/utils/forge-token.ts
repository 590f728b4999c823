import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { TestStack } from 'test/utils/test-stack';

/**
 * Signs tokens with the development IdP's own key (or a stranger's), so tests can present a correctly signed
 * token whose claims are wrong: expired, another audience, another issuer.
 */
export function forgeToken(
  stack: TestStack,
  claims: Record<string, unknown>,
  options: { key?: 'idp' | 'stranger'; expiresInSeconds?: number } = {},
): string {
  const jwk = JSON.parse(readFileSync(join(stack.idp.state_dir, 'signing-key.jwk.json'), 'utf8')) as {
    kid: string;
  };
  const key: KeyObject =
    options.key === 'stranger'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
      : createPrivateKey({ key: jwk as never, format: 'jwk' });
  const now = Math.floor(Date.now() / 1000);
  return sign(
    {
      iss: stack.idp.issuer,
      aud: stack.idp.audience,
      iat: now,
      exp: now + (options.expiresInSeconds ?? 600),
      jti: `forged-${now}-${Math.random().toString(36).slice(2)}`,
      ...claims,
    },
    key,
    { algorithm: 'RS256', keyid: jwk.kid },
  );
}
