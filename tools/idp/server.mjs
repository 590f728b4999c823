#!/usr/bin/env node
// Development identity provider that plays "ScaiKey" for local dev and e2e
// tests: OIDC/OAuth2 (oidc-provider) + ScaiKey-style admin API + webhooks.
// Start: node tools/idp/server.mjs   (see README.md for env vars)
// Prints ONE JSON line to stdout when ready; all logs go to stderr.
import { log } from './stdio.mjs'; // must stay first (redirects console to stderr)
import http from 'node:http';
import { readFileSync } from 'node:fs';
import express from 'express';
import { loadConfig, OAUTH_MOUNT } from './config.mjs';
import { loadKeys } from './keys.mjs';
import { Store } from './store.mjs';
import { createProvider } from './provider.mjs';
import { mountInteractions } from './interactions.mjs';
import { mountOAuthShims } from './oauth-shims.mjs';
import { apiErrorHandler, mountAdminApi } from './admin-api.mjs';
import { WebhookDispatcher } from './webhooks.mjs';

const config = loadConfig();
const seed = JSON.parse(readFileSync(new URL('./demo-data.json', import.meta.url), 'utf8'));
const keys = loadKeys(config.stateDir);
const store = new Store(seed);
const webhooks = new WebhookDispatcher({ url: config.webhookUrl, secret: config.webhookSecret, log });
if (config.webhookUrl && !config.webhookSecret) log('WARNING: IDP_WEBHOOK_URL set without IDP_WEBHOOK_SECRET; signing with an empty secret');

// Listen first: with IDP_PORT=0 the issuer URL depends on the port we get.
const server = http.createServer();
try {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
} catch (err) {
  log(`cannot listen on ${config.host}:${config.port}: ${err.code || err.message}`);
  process.exit(1);
}
const baseUrl = `http://${config.publicHost}:${server.address().port}`;
const issuer = `${baseUrl}${OAUTH_MOUNT}`;

const provider = createProvider({ issuer, config, keys, store, seed });
const app = express();
app.disable('x-powered-by');
app.use((req, _res, next) => { log(req.method, req.originalUrl.split('?')[0]); next(); });

app.get('/', (_req, res) => res.json({ service: 'scaikey-dev-idp', issuer, discovery_url: `${issuer}/.well-known/openid-configuration` }));
app.get('/health', (_req, res) => res.json({ status: 'ok' }));
mountInteractions(app, {
  provider, store, demoUsers: seed.users.map(({ email, password, role }) => ({ email, password, role })),
});
mountOAuthShims(app, { mount: OAUTH_MOUNT, issuer, config, keys, store, seed });
// oidc-provider under a path prefix: the issuer includes the prefix, and the
// provider derives its mount path from req.originalUrl vs the stripped req.url.
app.use(OAUTH_MOUNT, provider.callback());
mountAdminApi(app, { store, webhooks,
  verifyOptions: { publicKey: keys.publicKey, kid: keys.kid, issuer, audience: config.audience } });
app.use('/api/v1', apiErrorHandler);
server.on('request', app);

const ready = {
  issuer,
  base_url: baseUrl,
  discovery_url: `${issuer}/.well-known/openid-configuration`,
  audience: config.audience,
  users: seed.users.map(({ id, email, password, tenant_id: tenantId, role }) => ({ id, email, password, tenant_id: tenantId, role })),
  clients: seed.clients.map(({ client_id: clientId, client_secret: secret, grant_types: grantTypes, tenant_id: tenantId }) => ({
    client_id: clientId, ...(secret ? { client_secret: secret } : {}), grant_types: grantTypes, ...(tenantId ? { tenant_id: tenantId } : {}),
  })),
};
process.stdout.write(`${JSON.stringify(ready)}\n`);
log(`ready: issuer ${issuer}`);

function shutdown(signal) {
  log(`${signal} received, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
