import { TestApp, createTestApp } from 'test/utils/test-app';
import { forgeToken } from 'test/utils/forge-token';
import { authorize, clientCredentialsToken, userToken } from 'test/utils/oidc-client';

describe('Authentication with ScaiKey (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('should publish the OAuth settings from the provider discovery document', async () => {
    const response = await t.http().get('/api/v1/auth/config').expect(200);
    expect(response.body).toMatchObject({
      issuer: t.stack.idp.issuer,
      client_id: 'scaidns',
      authorization_endpoint: expect.stringContaining(t.stack.idp.issuer),
      token_endpoint: expect.stringContaining(t.stack.idp.issuer),
      jwks_uri: expect.stringContaining(t.stack.idp.issuer),
    });
  });

  it('should complete code + PKCE through /auth/token, serve /auth/me, rotate on refresh, and sign out', async () => {
    const { code, codeVerifier, redirectUri } = await authorize(t.stack, 'alice@acme.test', 'alice-password');
    const tokens = await t
      .http()
      .post('/api/v1/auth/token')
      .send({ code, code_verifier: codeVerifier, redirect_uri: redirectUri })
      .expect(200);
    expect(tokens.body).toMatchObject({
      token_type: 'Bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });

    const me = await t
      .http()
      .get('/api/v1/auth/me')
      .set('Authorization', `Bearer ${tokens.body.access_token}`)
      .expect(200);
    expect(me.body.data).toMatchObject({
      principal_type: 'user',
      email: 'alice@acme.test',
      scaikey_user_id: 'usr_alice',
      scaikey_tenant_id: 'tnt_acme',
      is_tenant_admin: true,
      is_platform_admin: false,
    });
    expect(me.body.data.permissions).toEqual(
      expect.arrayContaining(['domains:create', 'records:delete', 'users:manage']),
    );
    expect(me.body.data.permissions).not.toContain('tenants:manage');

    const refreshed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refresh_token: tokens.body.refresh_token })
      .expect(200);
    expect(refreshed.body.refresh_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).not.toBe(tokens.body.refresh_token);
    // Rotation: the old refresh token is spent.
    const reuse = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refresh_token: tokens.body.refresh_token })
      .expect(400);
    expect(reuse.body.detail).toContain('ScaiKey refused');

    const fresh = refreshed.body.access_token as string;
    await t.http().get('/api/v1/me/').set('Authorization', `Bearer ${fresh}`).expect(200);
    const out = await t
      .http()
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${fresh}`)
      .send({})
      .expect(200);
    expect(out.body).toEqual({ status: 'ok' });
    const after = await t.http().get('/api/v1/me/').set('Authorization', `Bearer ${fresh}`).expect(401);
    expect(after.body.detail).toContain('revoked');
  });

  it('should refuse a second exchange of the same code', async () => {
    const { code, codeVerifier, redirectUri } = await authorize(t.stack, 'bob@acme.test', 'bob-password');
    const body = { code, code_verifier: codeVerifier, redirect_uri: redirectUri };
    await t.http().post('/api/v1/auth/token').send(body).expect(200);
    const again = await t.http().post('/api/v1/auth/token').send(body).expect(400);
    expect(again.body.detail).toContain('ScaiKey refused');
  });

  it('should refuse a code exchanged with the wrong PKCE verifier', async () => {
    const { code, redirectUri } = await authorize(t.stack, 'bob@acme.test', 'bob-password');
    const response = await t
      .http()
      .post('/api/v1/auth/token')
      .send({ code, code_verifier: 'x'.repeat(43), redirect_uri: redirectUri })
      .expect(400);
    expect(response.body.detail).toContain('ScaiKey refused');
  });

  it('should create the cached tenant and user on first sight and map roles', async () => {
    const token = await userToken(t.stack, 'bob@acme.test');
    const me = await t.http().get('/api/v1/me/context').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.user).toMatchObject({ email: 'bob@acme.test', is_tenant_admin: false });
    expect(me.body.tenant).toMatchObject({ scaikey_tenant_id: 'tnt_acme', status: 'active' });
    // A plain user gets the default read_only role in their own tenant and nothing more.
    expect(me.body.user.permissions).toEqual([
      'dnssec:read',
      'domains:read',
      'records:read',
      'templates:read',
    ]);
  });

  it('should create a new user once when their first requests arrive in parallel', async () => {
    const token = await userToken(t.stack, 'dave@globex.test');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.http().get('/api/v1/me/').set('Authorization', `Bearer ${token}`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((answer) => answer.body.data.id)).size).toBe(1);
  });

  it('should accept a client_credentials token of a tenant automation client', async () => {
    const token = await clientCredentialsToken(t.stack, 'acme-automation');
    const me = await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.data).toMatchObject({ scaikey_user_id: 'acme-automation', scaikey_tenant_id: 'tnt_acme' });
  });

  it('should check a permission for the caller', async () => {
    const token = await userToken(t.stack, 'bob@acme.test');
    const denied = await t
      .http()
      .post('/api/v1/me/permissions/check')
      .set('Authorization', `Bearer ${token}`)
      .send({ permission: 'records:create' })
      .expect(200);
    expect(denied.body).toEqual({ permission: 'records:create', allowed: false, domain_id: null });
    const allowed = await t
      .http()
      .post('/api/v1/me/permissions/check')
      .set('Authorization', `Bearer ${token}`)
      .send({ permission: 'records:read' })
      .expect(200);
    expect(allowed.body.allowed).toBe(true);
    await t
      .http()
      .post('/api/v1/me/permissions/check')
      .set('Authorization', `Bearer ${token}`)
      .send({ permission: 'nope' })
      .expect(422);
  });

  it('should let a platform admin act in another tenant with X-Tenant-ID, and refuse others', async () => {
    const admin = await userToken(t.stack, 'admin@scaidns.test');
    await userToken(t.stack, 'carol@globex.test').then((token) =>
      t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`).expect(200),
    );
    const inGlobex = await t
      .http()
      .get('/api/v1/me/context')
      .set('Authorization', `Bearer ${admin}`)
      .set('X-Tenant-ID', 'tnt_globex')
      .expect(200);
    expect(inGlobex.body.tenant.scaikey_tenant_id).toBe('tnt_globex');
    expect(inGlobex.body.home_tenant.scaikey_tenant_id).toBe('tnt_acme');
    expect(inGlobex.body.user.is_platform_admin).toBe(true);

    const alice = await userToken(t.stack, 'alice@acme.test');
    await t
      .http()
      .get('/api/v1/me/')
      .set('Authorization', `Bearer ${alice}`)
      .set('X-Tenant-ID', 'tnt_globex')
      .expect(403);
    await t
      .http()
      .get('/api/v1/me/')
      .set('Authorization', `Bearer ${admin}`)
      .set('X-Tenant-ID', 'tnt_nowhere')
      .expect(404);
  });

  describe('token checks', () => {
    const claims = {
      sub: 'usr_alice',
      tenant_id: 'tnt_acme',
      email: 'alice@acme.test',
      role: 'tenant_admin',
    };

    it('should accept a correctly signed token (control case for the forgeries below)', async () => {
      await t
        .http()
        .get('/api/v1/me/')
        .set('Authorization', `Bearer ${forgeToken(t.stack, claims)}`)
        .expect(200);
    });

    it.each([
      ['expired', () => forgeToken(t.stack, claims, { expiresInSeconds: -120 }), 'expired'],
      ['wrong audience', () => forgeToken(t.stack, { ...claims, aud: 'someone-else' }), 'audience'],
      ['wrong issuer', () => forgeToken(t.stack, { ...claims, iss: 'https://evil.example' }), 'issuer'],
      ['signed by an unknown key', () => forgeToken(t.stack, claims, { key: 'stranger' }), 'Invalid token'],
    ])('should refuse a token that is %s with 401', async (_name, make, reason) => {
      const response = await t.http().get('/api/v1/me/').set('Authorization', `Bearer ${make()}`).expect(401);
      expect(response.body.detail).toContain(reason);
    });

    it('should refuse a tampered token with 401', async () => {
      const [header, payload, signature] = forgeToken(t.stack, claims).split('.');
      const changed = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'super_admin' }),
      ).toString('base64url');
      await t
        .http()
        .get('/api/v1/me/')
        .set('Authorization', `Bearer ${header}.${changed}.${signature}`)
        .expect(401);
    });

    it('should refuse an HS256 token even if it names the right kid', async () => {
      const response = await t
        .http()
        .get('/api/v1/me/')
        .set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')
        .expect(401);
      expect(response.body.detail).toContain('Invalid token');
    });

    it('should validate tokens through /auth/validate', async () => {
      const good = await t
        .http()
        .post('/api/v1/auth/validate')
        .send({ token: forgeToken(t.stack, claims) })
        .expect(200);
      expect(good.body).toMatchObject({ valid: true, sub: 'usr_alice', tenant_id: 'tnt_acme' });
      const bad = await t
        .http()
        .post('/api/v1/auth/validate')
        .send({ token: forgeToken(t.stack, claims, { expiresInSeconds: -120 }) })
        .expect(200);
      expect(bad.body).toEqual({ valid: false, reason: 'Token has expired' });
    });
  });
});
