// Small express middlewares in front of oidc-provider that smooth over the
// places where oidc-provider is stricter than ScaiKey.
import express from 'express';
import { bearerToken, JwtError, looksLikeJwt, verifyJwt } from './jwt.mjs';

export function mountOAuthShims(app, { mount, issuer, config, keys, store, seed }) {
  const allowedScope = new Map(seed.clients.filter((c) => c.scope).map((c) => [c.client_id, c.scope]));
  const parseForm = express.urlencoded({ extended: false });

  // 1. ScaiKey accepts client credentials via Basic *or* form fields, and a
  //    client_credentials request without scope gets the app's allowed scopes.
  //    oidc-provider pins one auth method per client, so move form credentials
  //    into a Basic header. (oidc-provider then reads the pre-parsed body and
  //    logs a one-time warning about it; that is expected.)
  const normalize = (req, _res, next) => {
    const body = req.body ?? {};
    if (body.client_secret && !req.headers.authorization) {
      const enc = (s) => encodeURIComponent(String(s));
      req.headers.authorization = `Basic ${Buffer.from(`${enc(body.client_id)}:${enc(body.client_secret)}`).toString('base64')}`;
      delete body.client_secret;
      delete body.client_id;
    }
    if (body.grant_type === 'client_credentials' && !body.scope) {
      const basic = /^Basic\s+(\S+)/i.exec(req.headers.authorization || '');
      const clientId = basic ? decodeURIComponent(Buffer.from(basic[1], 'base64').toString().split(':')[0]) : body.client_id;
      if (allowedScope.has(clientId)) body.scope = allowedScope.get(clientId);
    }
    next();
  };
  for (const path of ['/token', '/revoke', '/introspect']) app.post(`${mount}${path}`, parseForm, normalize);

  // 2. oidc-provider 9 silently drops offline_access unless prompt=consent is
  //    sent (OIDC Core 11). Browser clients such as Swagger UI never send it,
  //    and consent is automatic here anyway, so add it for them.
  app.get(`${mount}/authorize`, (req, _res, next) => {
    const url = new URL(req.url, 'http://x');
    const scopes = (url.searchParams.get('scope') || '').split(' ');
    const prompt = (url.searchParams.get('prompt') || '').split(' ').filter(Boolean);
    if (scopes.includes('offline_access') && !prompt.includes('consent') && !prompt.includes('none')) {
      url.searchParams.set('prompt', [...prompt, 'consent'].join(' '));
      req.url = `${url.pathname}${url.search}`;
      req.originalUrl = req.url;
    }
    next();
  });

  // 3. Access tokens are JWTs for the ScaiDNS audience, which oidc-provider's
  //    userinfo refuses ("token audience prevents accessing the userinfo
  //    endpoint"). ScaiKey answers userinfo for its access tokens, so we do too;
  //    opaque tokens still fall through to oidc-provider.
  app.all(`${mount}/userinfo`, (req, res, next) => {
    const token = bearerToken(req);
    if (!looksLikeJwt(token)) return next();
    const fail = (status, error, description) => res.status(status)
      .set('WWW-Authenticate', `Bearer error="${error}", error_description="${description}"`)
      .json({ error, error_description: description });
    let claims;
    try {
      claims = verifyJwt(token, { publicKey: keys.publicKey, kid: keys.kid, issuer, audience: config.audience });
    } catch (err) {
      if (err instanceof JwtError) return fail(401, 'invalid_token', err.message);
      throw err;
    }
    const scopes = new Set(String(claims.scope || '').split(' '));
    if (!scopes.has('openid')) return fail(403, 'insufficient_scope', 'access token missing openid scope');
    const u = store.users.get(claims.sub);
    if (!u || u.status !== 'ACTIVE') return fail(401, 'invalid_token', 'user not found or not active');
    res.set('Cache-Control', 'no-store').json({
      sub: u.id, groups: store.groupIdsOfUser(u.id), tenant_id: u.tenant_id, partner_id: u.partner_id,
      ...(scopes.has('email') ? { email: u.email, email_verified: true } : {}),
      ...(scopes.has('profile') ? { name: u.display_name, given_name: u.first_name, family_name: u.last_name,
        preferred_username: u.email } : {}),
    });
  });
}
