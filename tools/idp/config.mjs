// Reads the IdP's environment once. Everything other modules need from the
// environment comes from here, so the process contract lives in one place.

function intFromEnv(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env = process.env) {
  const host = env.IDP_HOST || '127.0.0.1';
  return {
    port: intFromEnv('IDP_PORT', 9000), // 0 = pick a free port (tests)
    host,
    // A wildcard bind address cannot appear in URLs we hand out.
    publicHost: ['0.0.0.0', '::', ''].includes(host) ? '127.0.0.1' : host,
    audience: env.IDP_AUDIENCE || 'scaidns',
    stateDir: env.IDP_STATE_DIR || null,
    webhookUrl: env.IDP_WEBHOOK_URL || null,
    webhookSecret: env.IDP_WEBHOOK_SECRET || '',
    accessTokenTtl: intFromEnv('IDP_ACCESS_TOKEN_TTL', 3600) || 3600,
    extraRedirectUris: (env.IDP_EXTRA_REDIRECT_URIS || '')
      .split(',').map((s) => s.trim()).filter(Boolean),
  };
}

// Path prefix that mirrors ScaiKey's platform (GLOBAL app) OAuth endpoints.
export const OAUTH_MOUNT = '/api/v1/platform/oauth';
