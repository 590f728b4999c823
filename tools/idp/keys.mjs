// Signing key and cookie key. With IDP_STATE_DIR they are written to disk the
// first time and reused afterwards, so tokens (and browser sessions) issued
// before a restart stay valid; without it every start gets fresh keys.
import { createHash, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// RFC 7638 thumbprint: a stable kid derived from the key itself.
function thumbprint({ e, kty, n }) {
  return createHash('sha256').update(JSON.stringify({ e, kty, n })).digest('base64url');
}

function newSigningJwk() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kid: thumbprint(jwk), alg: 'RS256', use: 'sig' };
}

function readOrCreate(dir, file, create) {
  if (!dir) return create();
  const path = join(dir, file);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  const value = create();
  writeFileSync(path, JSON.stringify(value, null, 2), { mode: 0o600 });
  return value;
}

export function loadKeys(stateDir) {
  if (stateDir) mkdirSync(stateDir, { recursive: true });
  const signingJwk = readOrCreate(stateDir, 'signing-key.jwk.json', newSigningJwk);
  const cookieKeys = readOrCreate(stateDir, 'cookie-keys.json', () => [randomBytes(32).toString('base64url')]);
  // Public half, used to verify our own tokens in the admin API and userinfo shim.
  const publicKey = createPublicKey({ key: signingJwk, format: 'jwk' });
  return { signingJwk, cookieKeys, publicKey, kid: signingJwk.kid };
}
