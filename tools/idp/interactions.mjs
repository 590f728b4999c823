// Login "interaction" for oidc-provider: a real HTML form for people (Swagger
// UI's Authorize button lands here) that scripts can drive too. Consent is
// granted automatically: every client here is first-party.
import express from 'express';
import { errorPage, loginPage } from './pages.mjs';

export function mountInteractions(app, { provider, store, demoUsers }) {
  const parseForm = express.urlencoded({ extended: false });

  // Loads the interaction bound to the browser's cookie and checks it is the one in the URL.
  async function load(req, res) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== req.params.uid) throw Object.assign(new Error('interaction mismatch'), { status: 400 });
    return details;
  }

  function renderLogin(res, details, { email, error } = {}) {
    const { uid, params } = details;
    res.status(200).type('html').send(loginPage({
      action: `/interaction/${uid}/login`, abortAction: `/interaction/${uid}/abort`,
      clientId: params.client_id, scope: params.scope, email, error, demoUsers,
    }));
  }

  // Grant exactly what the consent prompt says is missing (OIDC scopes,
  // claims, and API scopes for the ScaiDNS resource).
  async function autoConsent(req, res, details) {
    const { prompt: { details: missing }, params, session, grantId } = details;
    const grant = grantId ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const result = { consent: { grantId: await grant.save() } };
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  }

  app.get('/interaction/:uid', async (req, res, next) => {
    try {
      const details = await load(req, res);
      if (details.prompt.name === 'login') return renderLogin(res, details);
      if (details.prompt.name === 'consent') return await autoConsent(req, res, details);
      return await provider.interactionFinished(req, res,
        { error: 'access_denied', error_description: `unsupported prompt ${details.prompt.name}` });
    } catch (err) {
      return next(err);
    }
  });

  app.post('/interaction/:uid/login', parseForm, async (req, res, next) => {
    try {
      const details = await load(req, res);
      if (details.prompt.name !== 'login') return res.redirect(303, `/interaction/${details.uid}`);
      const { email, password } = req.body ?? {};
      const { user, error } = store.authenticate(email, password);
      // Wrong credentials re-render the form (200) so a person can retry.
      if (!user) return renderLogin(res, details, { email, error });
      return await provider.interactionFinished(req, res, { login: { accountId: user.id } },
        { mergeWithLastSubmission: false });
    } catch (err) {
      return next(err);
    }
  });

  app.post('/interaction/:uid/abort', async (req, res, next) => {
    try {
      await load(req, res);
      return await provider.interactionFinished(req, res,
        { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
    } catch (err) {
      return next(err);
    }
  });

  // Expired/missing interaction cookies etc. end up here as a readable page.
  app.use('/interaction', (err, _req, res, _next) => {
    res.status(err.status || err.statusCode || 400).type('html')
      .send(errorPage({ error: err.error || err.name || 'error', error_description: err.error_description || err.message }));
  });
}
