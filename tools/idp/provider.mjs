// oidc-provider configuration that makes it behave like ScaiKey's platform
// OAuth server: JWT access tokens for the ScaiDNS audience carrying ScaiKey's
// claims (tenant_id, partner_id, role, app_scope, platform_token, ...).
import Provider, { errors } from 'oidc-provider';
import { errorPage, logoutPage, logoutSuccessPage } from './pages.mjs';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
export const API_SCOPES = ['admin:read', 'admin:write', 'users:read', 'groups:read'];

// oidc-provider requires resource indicators to be absolute URIs, while the
// token audience is a plain string ("scaidns"); map one onto the other.
export const resourceFor = (audience) => (URL.parse(audience) ? audience : `urn:scaikey:audience:${audience}`);

// Endpoint paths under the issuer (mirrors ScaiKey's /api/v1/platform/oauth/{authorize,token,...}).
export const ROUTES = {
  authorization: '/authorize',
  token: '/token',
  userinfo: '/userinfo',
  end_session: '/logout',
  revocation: '/revoke',
  introspection: '/introspect',
  jwks: '/jwks',
};

// Turns a demo-data client entry into oidc-provider client metadata.
function clientMetadata(c, { redirectUris }) {
  const common = { client_id: c.client_id, grant_types: c.grant_types, app_scope: c.app_scope,
    ...(c.tenant_id ? { tenant_id: c.tenant_id } : {}), ...(c.client_secret ? { client_secret: c.client_secret } : {}) };
  if (c.kind === 'service') {
    return { ...common, response_types: [], redirect_uris: [], scope: c.scope };
  }
  const postLogout = [...new Set(redirectUris.map((u) => `${new URL(u).origin}/`)), ...redirectUris];
  return { ...common, response_types: ['code'], redirect_uris: redirectUris,
    post_logout_redirect_uris: [...new Set(postLogout)],
    token_endpoint_auth_method: c.kind === 'spa' ? 'none' : 'client_secret_basic',
    scope: [...OIDC_SCOPES, ...API_SCOPES].join(' ') };
}

export function createProvider({ issuer, config, keys, store, seed }) {
  const resource = resourceFor(config.audience);
  const redirectUris = [...new Set([...seed.browser_redirect_uris, ...config.extraRedirectUris])];
  const corsOrigins = new Set([...seed.cors_origins, ...config.extraRedirectUris.map((u) => new URL(u).origin)]);
  const apiScopesOf = (client) => (client.scope ? client.scope.split(' ') : API_SCOPES)
    .filter((s) => API_SCOPES.includes(s));

  const provider = new Provider(issuer, {
    clients: seed.clients.map((c) => clientMetadata(c, { redirectUris })),
    extraClientMetadata: { properties: ['app_scope', 'tenant_id'] },
    jwks: { keys: [keys.signingJwk] },
    cookies: { keys: keys.cookieKeys },
    routes: ROUTES,
    scopes: [...OIDC_SCOPES, ...API_SCOPES],
    responseTypes: ['code'], // code flow only (no implicit/hybrid)
    claims: {
      openid: ['sub', 'groups', 'tenant_id', 'partner_id'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    },
    // Suspended/deleted users "do not exist" for the provider: logins, refreshes
    // and userinfo all fail for them.
    async findAccount(_ctx, id) {
      const u = store.users.get(id);
      if (!u || u.status !== 'ACTIVE') return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id, email: u.email, email_verified: true, name: u.display_name, given_name: u.first_name,
          family_name: u.last_name, preferred_username: u.email, groups: store.groupIdsOfUser(id),
          tenant_id: u.tenant_id, partner_id: u.partner_id,
        }),
      };
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true }, // S256 only (oidc-provider 9 dropped "plain")
    // Refresh tokens: on offline_access, and always for the confidential web client.
    issueRefreshToken: async (_ctx, client, code) => client.grantTypeAllowed('refresh_token')
      && (code.scopes.has('offline_access') || client.clientAuthMethod !== 'none'),
    rotateRefreshToken: () => true, // one-time use; reusing a rotated token revokes the grant
    // Explicit TTLs (seconds); also keeps oidc-provider from logging a notice per default used.
    ttl: { AccessToken: config.accessTokenTtl, ClientCredentials: config.accessTokenTtl, AuthorizationCode: 60,
      IdToken: 3600, Interaction: 3600, Session: 14 * 86400, Grant: 14 * 86400, RefreshToken: 14 * 86400 },
    clientBasedCORS: (_ctx, origin, client) => client.grantTypeAllowed('authorization_code') && corsOrigins.has(origin),
    async extraTokenClaims(ctx, token) {
      if (token.kind === 'ClientCredentials') {
        const client = ctx.oidc.client ?? await ctx.oidc.provider.Client.find(token.clientId);
        const appScope = client.app_scope ?? 'TENANT';
        return {
          token_type: 'client_credentials',
          app_scope: appScope,
          ...(appScope === 'GLOBAL' ? { platform_token: true } : {}),
          ...(client.tenant_id ? { tenant_id: client.tenant_id,
            partner_id: store.tenants.get(client.tenant_id)?.partner_id } : {}),
        };
      }
      const u = token.accountId && store.users.get(token.accountId);
      if (!u) return undefined;
      return { email: u.email, tenant_id: u.tenant_id, partner_id: u.partner_id, ...(u.role ? { role: u.role } : {}) };
    },
    formats: {
      customizers: {
        // A resource-bound access token only carries API scopes; ScaiKey's also
        // list the OIDC scopes the user granted, so merge them back in.
        jwt(ctx, token, jwt) {
          if (!token.accountId) return;
          const source = ctx.oidc.entities.AuthorizationCode ?? ctx.oidc.entities.RefreshToken;
          const oidc = [...(source?.scopes ?? [])].filter((s) => OIDC_SCOPES.includes(s));
          const merged = [...new Set([...oidc, ...(jwt.payload.scope?.split(' ') ?? [])])];
          jwt.payload.scope = merged.join(' ') || undefined;
        },
      },
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx, form) => { ctx.type = 'html'; ctx.body = logoutPage(form); },
        postLogoutSuccessSource: async (ctx) => { ctx.type = 'html'; ctx.body = logoutSuccessPage(); },
      },
      // Without resource indicators oidc-provider issues opaque access tokens.
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resource,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator, client) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return { scope: apiScopesOf(client).join(' '), audience: config.audience,
            accessTokenTTL: config.accessTokenTtl, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    renderError: async (ctx, out) => { ctx.type = 'html'; ctx.body = errorPage(out); },
  });

  provider.on('server_error', (_ctx, err) => console.error('oidc-provider server_error:', err));
  return provider;
}
