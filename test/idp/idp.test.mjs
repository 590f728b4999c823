// Tests for the development IdP (tools/idp/server.mjs).
// Run: node --test test/idp/
// The IdP is ESM-only (oidc-provider 9), so these use node:test, not jest.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, createHmac, createPublicKey, randomBytes, timingSafeEqual, verify } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../../tools/idp/server.mjs', import.meta.url));
const WEBHOOK_SECRET = 'idp-test-webhook-secret';
const REDIRECT = 'http://127.0.0.1:8787/callback';
const b64url = (buf) => Buffer.from(buf).toString('base64url');

// ---------- process helpers ----------

// Spawns the IdP and resolves with { child, info } once the ready line arrives.
async function startIdp(env = {}) {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, IDP_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  let stdout = '';
  const info = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`IdP not ready in 15s. stderr:\n${stderr}`)), 15000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`IdP exited early (${code}):\n${stderr}`));
    });
    child.stdout.on('data', (d) => {
      stdout += d;
      const nl = stdout.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(JSON.parse(stdout.slice(0, nl)));
      }
    });
  });
  return { child, info, stdout: () => stdout, stderr: () => stderr };
}

async function stopIdp(child) {
  if (child.exitCode !== null || child.signalCode !== null)
    return { code: child.exitCode, signal: child.signalCode };
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  return { code, signal };
}

// ---------- HTTP helpers (fetch + a tiny cookie jar, like a browser) ----------

class CookieJar {
  cookies = new Map();
  store(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (!value || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

async function browserFetch(jar, url, init = {}) {
  const res = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...init.headers, cookie: jar.header() },
  });
  jar.store(res);
  return res;
}

// Follows redirects until we land on `stopPrefix` (not fetched) or a non-redirect page.
async function follow(jar, url, stopPrefix = REDIRECT, init = {}) {
  let res = null;
  for (let hops = 0; hops < 15; hops += 1) {
    if (url.startsWith(stopPrefix)) return { url, res: null, landed: true };
    res = await browserFetch(jar, url, hops === 0 ? init : {});
    const loc = res.headers.get('location');
    if (!loc || res.status < 300 || res.status >= 400)
      return { url, res, body: await res.text(), landed: false };
    url = new URL(loc, url).href;
  }
  throw new Error('too many redirects');
}

function pkce() {
  const verifier = b64url(randomBytes(32));
  return { verifier, challenge: b64url(createHash('sha256').update(verifier).digest()) };
}

function formAction(html) {
  const m = /<form method="post" action="([^"]+)"/.exec(html);
  assert.ok(m, 'login form with an action is present');
  return m[1].replace(/&amp;/g, '&');
}

function decodeJwt(token) {
  const [h, p] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url')),
    payload: JSON.parse(Buffer.from(p, 'base64url')),
  };
}

function basic(id, secret) {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
}

async function postForm(url, params, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

// ---------- shared fixture ----------

let idp; // { child, info }
let meta; // discovery document
const hooks = { received: [], failNext: 0, server: null, url: null };

async function startReceiver() {
  hooks.server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (hooks.failNext > 0) {
        hooks.failNext -= 1;
        res.writeHead(503).end();
        return;
      }
      hooks.received.push({ headers: req.headers, raw: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
    });
  });
  hooks.server.listen(0, '127.0.0.1');
  await once(hooks.server, 'listening');
  hooks.url = `http://127.0.0.1:${hooks.server.address().port}/api/v1/webhooks/scaikey`;
}

async function waitFor(fn, what, timeoutMs = 8000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
const waitForEvent = (type, pred = () => true) =>
  waitFor(
    () =>
      hooks.received
        .map((h) => ({ ...h, json: JSON.parse(h.raw.toString('utf8')) }))
        .find((h) => h.json.event_type === type && pred(h.json)),
    `webhook ${type}`,
  );

// Full browser-style login: authorize -> login form -> code -> tokens.
async function loginFlow({
  email,
  password,
  clientId = 'scaidns',
  secret = 'scaidns-dev-secret',
  scope = 'openid profile email offline_access',
  jar = new CookieJar(),
}) {
  const { verifier, challenge } = pkce();
  const state = b64url(randomBytes(8));
  const authUrl = `${meta.authorization_endpoint}?${new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: REDIRECT,
    scope,
    state,
    nonce: 'n-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })}`;
  let step = await follow(jar, authUrl);
  if (!step.landed) {
    assert.equal(step.res.status, 200, 'login page is shown');
    step = await follow(jar, new URL(formAction(step.body), step.url).href, REDIRECT, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }),
    });
  }
  assert.ok(
    step.landed,
    `redirected back to the client (got ${step.res?.status} ${step.body?.slice(0, 300)})`,
  );
  const cb = new URL(step.url).searchParams;
  assert.equal(cb.get('state'), state);
  const headers = secret ? { authorization: basic(clientId, secret) } : {};
  const tok = await postForm(
    meta.token_endpoint,
    {
      grant_type: 'authorization_code',
      code: cb.get('code'),
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      ...(secret ? {} : { client_id: clientId }),
    },
    headers,
  );
  assert.equal(tok.status, 200, JSON.stringify(tok.body));
  return { jar, tokens: tok.body };
}

async function clientCredentials(clientId, secret, scope) {
  return postForm(
    meta.token_endpoint,
    { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
    { authorization: basic(clientId, secret) },
  );
}

async function admin(method, path, token, body) {
  const res = await fetch(`${idp.info.base_url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

let syncToken;
before(async () => {
  await startReceiver();
  idp = await startIdp({ IDP_WEBHOOK_URL: hooks.url, IDP_WEBHOOK_SECRET: WEBHOOK_SECRET });
  meta = await (await fetch(idp.info.discovery_url)).json();
  syncToken = (await clientCredentials('scaidns-sync', 'scaidns-sync-dev-secret')).body.access_token;
});

after(async () => {
  if (idp) await stopIdp(idp.child);
  if (process.env.IDP_TEST_DEBUG) process.stderr.write(idp?.stderr() ?? '');
  hooks.server?.close();
});

// ---------- tests ----------

describe('startup contract', () => {
  test('prints one ready line with issuer, users and clients', () => {
    const { info } = idp;
    assert.match(info.base_url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(info.issuer, `${info.base_url}/api/v1/platform/oauth`);
    assert.equal(info.discovery_url, `${info.issuer}/.well-known/openid-configuration`);
    assert.equal(info.audience, 'scaidns');
    assert.deepEqual(
      info.users.find((u) => u.email === 'alice@acme.test'),
      {
        id: 'usr_alice',
        email: 'alice@acme.test',
        password: 'alice-password',
        tenant_id: 'tnt_acme',
        role: 'tenant_admin',
      },
    );
    assert.equal(info.users.find((u) => u.email === 'bob@acme.test').role, null);
    const sync = info.clients.find((c) => c.client_id === 'scaidns-sync');
    assert.deepEqual(sync, {
      client_id: 'scaidns-sync',
      client_secret: 'scaidns-sync-dev-secret',
      grant_types: ['client_credentials'],
    });
    assert.equal(info.clients.find((c) => c.client_id === 'acme-automation').tenant_id, 'tnt_acme');
    assert.equal(info.clients.find((c) => c.client_id === 'scaidns-swagger').client_secret, undefined);
    assert.equal(idp.stdout().trim().split('\n').length, 1, 'exactly one stdout line');
  });

  test('discovery document has the ScaiKey-style endpoints', () => {
    assert.equal(meta.issuer, idp.info.issuer);
    for (const k of [
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'userinfo_endpoint',
      'end_session_endpoint',
      'revocation_endpoint',
    ]) {
      assert.ok(meta[k]?.startsWith(`${idp.info.issuer}/`), `${k} = ${meta[k]}`);
    }
    assert.equal(meta.authorization_endpoint, `${idp.info.issuer}/authorize`);
    assert.equal(meta.token_endpoint, `${idp.info.issuer}/token`);
    assert.deepEqual(meta.code_challenge_methods_supported, ['S256']);
    for (const s of [
      'openid',
      'profile',
      'email',
      'offline_access',
      'admin:read',
      'admin:write',
      'users:read',
      'groups:read',
    ]) {
      assert.ok(meta.scopes_supported.includes(s), s);
    }
  });
});

describe('authorization code + PKCE', () => {
  let alice; // { jar, tokens }

  test('wrong password re-renders the form with an error (200, no redirect)', async () => {
    const jar = new CookieJar();
    const { challenge } = pkce();
    const authUrl = `${meta.authorization_endpoint}?${new URLSearchParams({
      client_id: 'scaidns',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;
    const page = await follow(jar, authUrl);
    assert.equal(page.res.status, 200);
    assert.match(page.url, /\/interaction\/[^/]+$/);
    assert.match(page.body, /name="email"/);
    assert.match(page.body, /name="password"/);
    const res = await browserFetch(jar, new URL(formAction(page.body), page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'alice@acme.test', password: 'nope' }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /Invalid email or password/);
  });

  test('alice logs in and gets RS256 JWTs with ScaiKey claims', async () => {
    alice = await loginFlow({ email: 'alice@acme.test', password: 'alice-password' });
    const { tokens } = alice;
    assert.equal(tokens.token_type, 'Bearer');
    assert.ok(tokens.refresh_token, 'refresh token issued');
    assert.ok(tokens.id_token, 'id token issued');
    const { header, payload } = decodeJwt(tokens.access_token);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.typ, 'at+jwt');
    assert.equal(payload.iss, idp.info.issuer);
    assert.equal(payload.aud, 'scaidns');
    assert.equal(payload.sub, 'usr_alice');
    assert.equal(payload.email, 'alice@acme.test');
    assert.equal(payload.tenant_id, 'tnt_acme');
    assert.equal(payload.partner_id, 'prt_demo');
    assert.equal(payload.role, 'tenant_admin');
    assert.equal(payload.client_id, 'scaidns');
    assert.deepEqual(payload.scope.split(' ').sort(), ['email', 'offline_access', 'openid', 'profile']);
    assert.ok(payload.exp - payload.iat === 3600, 'default access token TTL');

    const id = decodeJwt(tokens.id_token).payload;
    assert.equal(id.sub, 'usr_alice');
    assert.equal(id.aud, 'scaidns');
    assert.equal(id.email, 'alice@acme.test');
    assert.equal(id.name, 'Alice Anderson');
    assert.deepEqual(id.groups, []);
    assert.equal(id.nonce, 'n-1');
  });

  test('access token verifies against the JWKS; a tampered one does not', async () => {
    const jwks = await (await fetch(meta.jwks_uri)).json();
    const token = alice.tokens.access_token;
    const [h, p, s] = token.split('.');
    const jwk = jwks.keys.find((k) => k.kid === decodeJwt(token).header.kid);
    assert.ok(jwk, 'kid is published');
    assert.equal(jwk.d, undefined, 'no private material in JWKS');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    assert.equal(verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')), true);
    const forged = b64url(JSON.stringify({ ...decodeJwt(token).payload, role: 'super_admin' }));
    assert.equal(verify('sha256', Buffer.from(`${h}.${forged}`), key, Buffer.from(s, 'base64url')), false);
  });

  test('bob (no role) has no role claim but carries his group in the id token', async () => {
    const { tokens } = await loginFlow({
      email: 'bob@acme.test',
      password: 'bob-password',
      scope: 'openid profile email',
    });
    const at = decodeJwt(tokens.access_token).payload;
    assert.equal(at.sub, 'usr_bob');
    assert.equal('role' in at, false);
    assert.ok(tokens.refresh_token, 'confidential web client always gets a refresh token');
    assert.deepEqual(decodeJwt(tokens.id_token).payload.groups, ['grp_acme_dns_ops']);
  });

  test('userinfo accepts the JWT access token', async () => {
    const res = await fetch(meta.userinfo_endpoint, {
      headers: { authorization: `Bearer ${alice.tokens.access_token}` },
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.sub, 'usr_alice');
    assert.equal(body.email, 'alice@acme.test');
    assert.equal(body.tenant_id, 'tnt_acme');
    const bad = await fetch(meta.userinfo_endpoint, {
      headers: { authorization: `Bearer ${alice.tokens.access_token}x` },
    });
    assert.equal(bad.status, 401);
  });

  test('refresh token rotates and the old one is single-use', async () => {
    const old = alice.tokens.refresh_token;
    // client_secret_post style credentials are accepted too
    const first = await postForm(meta.token_endpoint, {
      grant_type: 'refresh_token',
      refresh_token: old,
      client_id: 'scaidns',
      client_secret: 'scaidns-dev-secret',
    });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.ok(first.body.refresh_token && first.body.refresh_token !== old, 'new refresh token');
    assert.equal(decodeJwt(first.body.access_token).payload.sub, 'usr_alice');
    const reuse = await postForm(
      meta.token_endpoint,
      { grant_type: 'refresh_token', refresh_token: old },
      { authorization: basic('scaidns', 'scaidns-dev-secret') },
    );
    assert.equal(reuse.status, 400);
    assert.equal(reuse.body.error, 'invalid_grant');
  });

  test('PKCE is required: no code_challenge -> invalid_request', async () => {
    const jar = new CookieJar();
    const url = `${meta.authorization_endpoint}?${new URLSearchParams({
      client_id: 'scaidns',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 'st',
    })}`;
    const step = await follow(jar, url);
    assert.ok(step.landed, 'error is returned to the redirect_uri');
    const q = new URL(step.url).searchParams;
    assert.equal(q.get('error'), 'invalid_request');
    assert.match(q.get('error_description'), /PKCE/);
    assert.equal(q.get('code'), null);
  });

  test('public swagger client: token call from the browser gets CORS for 127.0.0.1:8080 only', async () => {
    const { verifier, challenge } = pkce();
    const jar = alice.jar; // existing session: no login form, straight back with a code
    const url = `${meta.authorization_endpoint}?${new URLSearchParams({
      client_id: 'scaidns-swagger',
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid offline_access',
      state: 'sw',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })}`;
    const step = await follow(jar, url);
    assert.ok(step.landed);
    const code = new URL(step.url).searchParams.get('code');
    const params = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
      client_id: 'scaidns-swagger',
    };
    const evil = await postForm(meta.token_endpoint, params, { origin: 'http://evil.example' });
    assert.equal(evil.status, 400);
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    const ok = await postForm(meta.token_endpoint, params, { origin: 'http://127.0.0.1:8080' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://127.0.0.1:8080');
    assert.equal(decodeJwt(ok.body.access_token).payload.client_id, 'scaidns-swagger');
    assert.ok(ok.body.refresh_token, 'offline_access gives the public client a refresh token');
  });

  test('end-session logs out without a confirm step and kills the session', async () => {
    // no offline_access: the refresh token is bound to the browser session
    // (offline_access grants deliberately survive logout, as in OIDC)
    const { jar, tokens } = await loginFlow({
      email: 'carol@globex.test',
      password: 'carol-password',
      scope: 'openid profile email',
    });
    assert.ok(tokens.refresh_token);
    const url = `${meta.end_session_endpoint}?${new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: 'http://127.0.0.1:8787/',
      state: 'bye',
    })}`;
    const page = await browserFetch(jar, url);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /\.submit\(\)/, 'page submits itself');
    const action = /<form[^>]*action="([^"]+)"/.exec(html)[1];
    const fields = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    assert.equal(fields.logout, 'yes');
    const done = await browserFetch(jar, new URL(action, url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get('location'), 'http://127.0.0.1:8787/?state=bye');
    // the session is gone: authorizing again shows the login form
    const { challenge } = pkce();
    const again = await follow(
      jar,
      `${meta.authorization_endpoint}?${new URLSearchParams({
        client_id: 'scaidns',
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid',
        state: 'x',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })}`,
    );
    assert.equal(again.landed, false);
    assert.match(again.body, /name="password"/);
    // and the session-bound grant is revoked: its refresh token no longer works
    const refresh = await postForm(
      meta.token_endpoint,
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      { authorization: basic('scaidns', 'scaidns-dev-secret') },
    );
    assert.equal(refresh.status, 400);
  });

  test('end-session with nothing to log out still ends on a plain success page', async () => {
    const jar = new CookieJar();
    const page = await browserFetch(jar, meta.end_session_endpoint);
    const html = await page.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)[1];
    const fields = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    const done = await follow(jar, new URL(action, meta.end_session_endpoint).href, 'http://never/', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    });
    assert.equal(done.res.status, 200);
    assert.match(done.body, /Signed out/);
  });
});

describe('client credentials', () => {
  test('tenant automation client gets a TENANT token with its tenant', async () => {
    const res = await clientCredentials('acme-automation', 'acme-automation-secret');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const p = decodeJwt(res.body.access_token).payload;
    assert.equal(p.sub, 'acme-automation');
    assert.equal(p.client_id, 'acme-automation');
    assert.equal(p.aud, 'scaidns');
    assert.equal(p.token_type, 'client_credentials');
    assert.equal(p.app_scope, 'TENANT');
    assert.equal(p.tenant_id, 'tnt_acme');
    assert.equal(p.partner_id, 'prt_demo');
    assert.equal('platform_token' in p, false);
    assert.ok(!String(p.scope).includes('admin:'), 'no admin scopes');
  });

  test('tenant client cannot ask for admin scopes; wrong secret is rejected', async () => {
    const res = await clientCredentials('acme-automation', 'acme-automation-secret', 'admin:read');
    assert.equal(res.status, 400);
    assert.equal(res.body.error, 'invalid_scope');
    const bad = await clientCredentials('acme-automation', 'wrong');
    assert.equal(bad.status, 401);
    assert.equal(bad.body.error, 'invalid_client');
  });

  test('sync client gets a GLOBAL platform token with admin scopes', async () => {
    const res = await clientCredentials('scaidns-sync', 'scaidns-sync-dev-secret', 'admin:read');
    assert.equal(res.status, 200);
    const p = decodeJwt(res.body.access_token).payload;
    assert.equal(p.sub, 'scaidns-sync');
    assert.equal(p.app_scope, 'GLOBAL');
    assert.equal(p.platform_token, true);
    assert.equal(p.scope, 'admin:read');
    assert.equal('tenant_id' in p, false);
    // without a scope parameter, the client's allowed scopes are granted (ScaiKey behaviour)
    const all = decodeJwt(syncToken).payload.scope.split(' ').sort();
    assert.deepEqual(all, ['admin:read', 'admin:write', 'groups:read', 'users:read']);
  });
});

describe('admin API', () => {
  test('denies missing/invalid tokens (401) and non-admin tokens (403)', async () => {
    const none = await admin('GET', '/api/v1/admin/users');
    assert.equal(none.status, 401);
    assert.ok(none.body.detail);
    const junk = await admin('GET', '/api/v1/admin/users', 'a.b.c');
    assert.equal(junk.status, 401);
    const tenantToken = (await clientCredentials('acme-automation', 'acme-automation-secret')).body
      .access_token;
    const tenant = await admin('GET', '/api/v1/admin/users', tenantToken);
    assert.equal(tenant.status, 403);
    assert.match(tenant.body.detail, /admin:read/);
    const readOnly = (await clientCredentials('scaidns-sync', 'scaidns-sync-dev-secret', 'admin:read')).body
      .access_token;
    assert.equal((await admin('GET', '/api/v1/admin/users', readOnly)).status, 200);
    assert.equal(
      (await admin('PATCH', '/api/v1/admin/users/usr_bob', readOnly, { first_name: 'X' })).status,
      403,
    );
  });

  test('user tokens: super_admin allowed, tenant_admin forbidden', async () => {
    const adminUser = await loginFlow({ email: 'admin@scaidns.test', password: 'admin-password' });
    assert.equal(decodeJwt(adminUser.tokens.access_token).payload.role, 'super_admin');
    assert.equal((await admin('GET', '/api/v1/admin/tenants', adminUser.tokens.access_token)).status, 200);
    const alice = await loginFlow({ email: 'alice@acme.test', password: 'alice-password' });
    const res = await admin('GET', '/api/v1/admin/tenants', alice.tokens.access_token);
    assert.equal(res.status, 403);
    assert.deepEqual(Object.keys(res.body), ['detail']);
  });

  test('lists users of a tenant with pagination', async () => {
    const res = await admin('GET', '/api/v1/admin/users?tenant_id=tnt_acme', syncToken);
    assert.equal(res.status, 200);
    assert.equal(res.body.total, 3);
    assert.equal(res.body.page, 1);
    assert.equal(res.body.per_page, 50);
    assert.deepEqual(res.body.data.map((u) => u.id).sort(), ['usr_admin', 'usr_alice', 'usr_bob']);
    const bob = res.body.data.find((u) => u.id === 'usr_bob');
    assert.equal(bob.status, 'ACTIVE');
    assert.equal(bob.partner_id, 'prt_demo');
    assert.equal(bob.role, null);
    assert.equal('password' in bob, false);
    const page2 = await admin('GET', '/api/v1/admin/users?tenant_id=tnt_acme&per_page=2&page=2', syncToken);
    assert.equal(page2.body.data.length, 1);
    assert.equal(page2.body.total, 3);
    const capped = await admin('GET', '/api/v1/admin/users?per_page=1000', syncToken);
    assert.equal(capped.body.per_page, 100);
    assert.equal((await admin('GET', '/api/v1/admin/users?page=0', syncToken)).status, 422);
    assert.equal((await admin('GET', '/api/v1/admin/users/usr_nobody', syncToken)).status, 404);
  });

  test('partners, tenants, groups and effective users', async () => {
    const partners = await admin('GET', '/api/v1/admin/partners', syncToken);
    assert.deepEqual(
      partners.body.data.map((p) => [p.id, p.name]),
      [['prt_demo', 'Demo Partner']],
    );
    const acme = await admin('GET', '/api/v1/admin/tenants/tnt_acme', syncToken);
    assert.equal(acme.body.slug, 'acme');
    assert.equal(acme.body.partner_id, 'prt_demo');
    const groups = await admin('GET', '/api/v1/admin/groups?tenant_id=tnt_globex', syncToken);
    assert.deepEqual(
      groups.body.data.map((g) => g.id),
      ['grp_globex_ops'],
    );
    const members = await admin('GET', '/api/v1/admin/groups/grp_acme_dns_ops/members', syncToken);
    assert.deepEqual(
      members.body.data.map((m) => m.user_id),
      ['usr_bob'],
    );
    const eff = await admin(
      'GET',
      '/api/v1/tenants/tnt_globex/applications/app_scaidns/effective-users',
      syncToken,
    );
    assert.equal(eff.status, 200);
    assert.deepEqual(eff.body.data.map((u) => u.user_id).sort(), ['usr_carol', 'usr_dave']);
    assert.deepEqual(
      eff.body.data.find((u) => u.user_id === 'usr_dave'),
      { user_id: 'usr_dave', email: 'dave@globex.test', via: 'direct' },
    );
    const noApp = await admin(
      'GET',
      '/api/v1/tenants/tnt_acme/applications/app_other/effective-users',
      syncToken,
    );
    assert.equal(noApp.status, 404);
  });

  test('PATCH user -> signed webhook with sorted compact body', async () => {
    const res = await admin('PATCH', '/api/v1/admin/users/usr_bob', syncToken, { last_name: 'Builder' });
    assert.equal(res.status, 200);
    assert.equal(res.body.last_name, 'Builder');
    assert.equal(res.body.display_name, 'Bob Builder');
    const hook = await waitForEvent('user.updated', (e) => e.resource.id === 'usr_bob');
    const { headers, raw } = hook;
    // signature: t=<unix>,v1=hex(HMAC(secret, "<t>." + raw body))
    const sig = Object.fromEntries(headers['x-scaikey-signature'].split(',').map((kv) => kv.split('=')));
    assert.equal(sig.t, headers['x-scaikey-timestamp']);
    assert.ok(Math.abs(Date.now() / 1000 - Number(sig.t)) < 60);
    const expected = createHmac('sha256', WEBHOOK_SECRET).update(`${sig.t}.`).update(raw).digest('hex');
    assert.match(sig.v1, /^[0-9a-f]{64}$/);
    assert.ok(timingSafeEqual(Buffer.from(sig.v1), Buffer.from(expected)), 'valid HMAC');
    const wrong = createHmac('sha256', 'other-secret').update(`${sig.t}.`).update(raw).digest('hex');
    assert.notEqual(sig.v1, wrong);
    // body bytes == Python json.dumps(sort_keys=True, separators=(",", ":"))
    const sortDeep = (v) =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, sortDeep(v[k])]),
            )
          : v;
    const text = raw.toString('utf8');
    assert.equal(text, JSON.stringify(sortDeep(JSON.parse(text))));
    assert.ok(!/\s/.test(text.replace(/"[^"]*"/g, '')), 'no whitespace between tokens');
    assert.equal(headers['content-type'], 'application/json');
    assert.equal(headers['user-agent'], 'ScaiKey-Webhook/1.0');
    const e = hook.json;
    assert.equal(headers['x-scaikey-event-id'], e.event_id);
    assert.equal(headers['x-scaikey-event-type'], 'user.updated');
    assert.match(e.event_id, /^evt_/);
    assert.match(e.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(e.resource, { type: 'user', id: 'usr_bob' });
    assert.deepEqual(e.actor, { id: 'scaidns-sync', type: 'api' });
    assert.equal(e.tenant_id, 'tnt_acme');
    assert.equal(e.partner_id, 'prt_demo');
    assert.equal(e.data.last_name, 'Builder');
    assert.equal(e.data.email, 'bob@acme.test');
    assert.deepEqual(e.data.tenant, { id: 'tnt_acme', name: 'Acme', slug: 'acme' });
    assert.equal('password' in e.data, false);
    // delivery log
    const log = await waitFor(
      async () =>
        (await admin('GET', '/api/v1/admin/webhook-deliveries', syncToken)).body.data.find(
          (d) => d.event_id === e.event_id,
        ),
      'delivery log entry',
    );
    assert.equal(log.status_code, 200);
    assert.equal(log.attempts, 1);
    assert.ok(log.delivered_at);
  });

  test('group member add/remove events, delivered in order', async () => {
    const add = await admin('POST', '/api/v1/admin/groups/grp_acme_dns_ops/members', syncToken, {
      user_id: 'usr_alice',
    });
    assert.equal(add.status, 201);
    const dup = await admin('POST', '/api/v1/admin/groups/grp_acme_dns_ops/members', syncToken, {
      user_id: 'usr_alice',
    });
    assert.equal(dup.status, 409);
    const foreign = await admin('POST', '/api/v1/admin/groups/grp_acme_dns_ops/members', syncToken, {
      user_id: 'usr_dave',
    });
    assert.equal(foreign.status, 422);
    const members = await admin('GET', '/api/v1/admin/groups/grp_acme_dns_ops/members', syncToken);
    assert.deepEqual(members.body.data.map((m) => m.user_id).sort(), ['usr_alice', 'usr_bob']);
    const del = await admin('DELETE', '/api/v1/admin/groups/grp_acme_dns_ops/members/usr_alice', syncToken);
    assert.equal(del.status, 204);
    const added = await waitForEvent('group.member_added', (e) => e.data.user_id === 'usr_alice');
    const removed = await waitForEvent('group.member_removed', (e) => e.data.user_id === 'usr_alice');
    assert.deepEqual(added.json.data, {
      group_id: 'grp_acme_dns_ops',
      user_id: 'usr_alice',
      tenant_id: 'tnt_acme',
    });
    assert.deepEqual(removed.json.data, {
      group_id: 'grp_acme_dns_ops',
      user_id: 'usr_alice',
      tenant_id: 'tnt_acme',
    });
    assert.ok(
      hooks.received.indexOf(hooks.received.find((h) => h.raw === added.raw)) <
        hooks.received.indexOf(hooks.received.find((h) => h.raw === removed.raw)),
      'added before removed',
    );
    const gone = await admin('DELETE', '/api/v1/admin/groups/grp_acme_dns_ops/members/usr_alice', syncToken);
    assert.equal(gone.status, 404);
  });

  test('create user/tenant/group emit created events; failed deliveries are retried', async () => {
    hooks.failNext = 1; // receiver answers 503 once
    const t = await admin('POST', '/api/v1/admin/tenants', syncToken, {
      name: 'Initech',
      slug: 'initech',
      partner_id: 'prt_demo',
    });
    assert.equal(t.status, 201);
    assert.match(t.body.id, /^tnt_/);
    const tEvent = await waitForEvent('tenant.created', (e) => e.resource.id === t.body.id);
    assert.equal(tEvent.json.data.slug, 'initech');
    const deliveries = (await admin('GET', '/api/v1/admin/webhook-deliveries', syncToken)).body.data;
    assert.equal(deliveries.find((d) => d.event_id === tEvent.json.event_id).attempts, 2);
    assert.equal(
      (await admin('POST', '/api/v1/admin/tenants', syncToken, { name: 'Again', slug: 'initech' })).status,
      409,
    );

    const u = await admin('POST', '/api/v1/admin/users', syncToken, {
      email: 'erin@initech.test',
      first_name: 'Erin',
      last_name: 'Evans',
      tenant_id: t.body.id,
      password: 'erin-password',
    });
    assert.equal(u.status, 201);
    const created = await waitForEvent('user.created', (e) => e.resource.id === u.body.id);
    assert.deepEqual(created.json.data.tenant, { id: t.body.id, name: 'Initech', slug: 'initech' });
    const assigned = await waitForEvent('application.user_assigned', (e) => e.data.user_id === u.body.id);
    assert.equal(assigned.json.data.application_id, 'app_scaidns');
    const login = await loginFlow({ email: 'erin@initech.test', password: 'erin-password' });
    assert.equal(decodeJwt(login.tokens.access_token).payload.tenant_id, t.body.id);

    const g = await admin('POST', '/api/v1/admin/groups', syncToken, { name: 'Ops', tenant_id: t.body.id });
    assert.equal(g.status, 201);
    assert.equal(g.body.group_type, 'SECURITY');
    await waitForEvent('group.created', (e) => e.resource.id === g.body.id);
    assert.equal((await admin('DELETE', `/api/v1/admin/groups/${g.body.id}`, syncToken)).status, 204);
    await waitForEvent('group.deleted', (e) => e.resource.id === g.body.id);

    assert.equal((await admin('DELETE', `/api/v1/admin/users/${u.body.id}`, syncToken)).status, 204);
    await waitForEvent('user.deleted', (e) => e.resource.id === u.body.id);
    const after = await admin('GET', `/api/v1/admin/users/${u.body.id}`, syncToken);
    assert.equal(after.body.status, 'DELETED', 'soft delete');
  });

  test('suspended user cannot log in; activated again can', async () => {
    const s = await admin('POST', '/api/v1/admin/users/usr_dave/suspend', syncToken);
    assert.equal(s.status, 200);
    assert.equal(s.body.status, 'SUSPENDED');
    await waitForEvent('user.suspended', (e) => e.resource.id === 'usr_dave');
    const jar = new CookieJar();
    const { challenge } = pkce();
    const page = await follow(
      jar,
      `${meta.authorization_endpoint}?${new URLSearchParams({
        client_id: 'scaidns',
        response_type: 'code',
        redirect_uri: REDIRECT,
        scope: 'openid',
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      })}`,
    );
    const res = await browserFetch(jar, new URL(formAction(page.body), page.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'dave@globex.test', password: 'dave-password' }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('location'), null);
    assert.match(await res.text(), /suspended/);

    assert.equal(
      (await admin('POST', '/api/v1/admin/users/usr_dave/activate', syncToken)).body.status,
      'ACTIVE',
    );
    await waitForEvent('user.activated', (e) => e.resource.id === 'usr_dave');
    const ok = await loginFlow({ email: 'dave@globex.test', password: 'dave-password' });
    assert.equal(decodeJwt(ok.tokens.access_token).payload.sub, 'usr_dave');
  });
});

describe('process lifecycle', () => {
  test('IDP_STATE_DIR keeps the signing key across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-state-'));
    try {
      const kidOf = async (info) =>
        (await (await fetch(`${info.issuer}/jwks`)).json()).keys.map((k) => k.kid);
      const a = await startIdp({ IDP_STATE_DIR: dir });
      const kidA = await kidOf(a.info);
      assert.equal((await stopIdp(a.child)).code, 0);
      assert.ok(readdirSync(dir).length >= 2, 'key files written');
      const b = await startIdp({ IDP_STATE_DIR: dir });
      const kidB = await kidOf(b.info);
      await stopIdp(b.child);
      assert.deepEqual(kidB, kidA);
      const c = await startIdp({}); // no state dir: fresh key
      const kidC = await kidOf(c.info);
      await stopIdp(c.child);
      assert.notDeepEqual(kidC, kidA);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('IDP_AUDIENCE, IDP_ACCESS_TOKEN_TTL and IDP_EXTRA_REDIRECT_URIS are honoured', async () => {
    const extra = 'http://127.0.0.1:5555/cb';
    const other = await startIdp({
      IDP_AUDIENCE: 'https://api.scaidns.test',
      IDP_ACCESS_TOKEN_TTL: '120',
      IDP_EXTRA_REDIRECT_URIS: ` ${extra} ,`,
    });
    try {
      assert.equal(other.info.audience, 'https://api.scaidns.test');
      const d = await (await fetch(other.info.discovery_url)).json();
      const tok = await postForm(
        d.token_endpoint,
        { grant_type: 'client_credentials' },
        { authorization: basic('acme-automation', 'acme-automation-secret') },
      );
      const p = decodeJwt(tok.body.access_token).payload;
      assert.equal(p.aud, 'https://api.scaidns.test');
      assert.equal(p.exp - p.iat, 120);
      const { challenge } = pkce();
      const authorize = (redirect) =>
        follow(
          new CookieJar(),
          `${d.authorization_endpoint}?${new URLSearchParams({
            client_id: 'scaidns-swagger',
            response_type: 'code',
            redirect_uri: redirect,
            scope: 'openid',
            state: 's',
            code_challenge: challenge,
            code_challenge_method: 'S256',
          })}`,
          'http://never/',
        );
      const ok = await authorize(extra);
      assert.equal(ok.res.status, 200);
      assert.match(ok.body, /name="password"/, 'extra redirect URI accepted: login page shown');
      const bad = await authorize('http://127.0.0.1:5556/cb');
      assert.equal(bad.res.status, 400);
      assert.match(bad.body, /redirect_uri/);
    } finally {
      await stopIdp(other.child);
    }
  });

  test('exits cleanly on SIGTERM', async () => {
    const { code, signal } = await stopIdp(idp.child);
    assert.equal(signal, null);
    assert.equal(code, 0);
  });
});
