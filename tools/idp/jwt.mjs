// Minimal RS256 JWT verification with node:crypto. The IdP only ever needs to
// check tokens it signed itself, so a JWKS client / jose would be overkill.
import { verify } from 'node:crypto';

export class JwtError extends Error {}

function decodePart(part) {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new JwtError('malformed token');
  }
}

export function looksLikeJwt(token) {
  return typeof token === 'string' && token.split('.').length === 3;
}

// Returns the payload or throws JwtError with a message safe to show a client.
export function verifyJwt(token, { publicKey, kid, issuer, audience, clockSkew = 30 }) {
  if (!looksLikeJwt(token)) throw new JwtError('malformed token');
  const [h, p, s] = token.split('.');
  const header = decodePart(h);
  if (header.alg !== 'RS256') throw new JwtError('unsupported alg');
  if (kid && header.kid && header.kid !== kid) throw new JwtError('unknown signing key');
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'));
  if (!ok) throw new JwtError('invalid signature');
  const payload = decodePart(p);
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.exp !== 'number' || payload.exp + clockSkew < now) throw new JwtError('token expired');
  if (typeof payload.nbf === 'number' && payload.nbf - clockSkew > now) throw new JwtError('token not yet valid');
  if (payload.iss !== issuer) throw new JwtError('wrong issuer');
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.includes(audience)) throw new JwtError('wrong audience');
  return payload;
}

export function bearerToken(req) {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization || '');
  return m ? m[1] : null;
}
