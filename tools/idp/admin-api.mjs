// ScaiKey-style admin API (JSON, FastAPI-like {"detail": ...} errors) over the
// in-memory store. Every successful write emits the matching webhook event.
import express from 'express';
import { HttpError } from './store.mjs';
import { bearerToken, JwtError, verifyJwt } from './jwt.mjs';

// page is 1-based; per_page defaults to 50 and is capped at 100 (ScaiKey's shape).
function paginate(req, items) {
  const num = (name, fallback) => {
    const raw = req.query[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new HttpError(422, `${name} must be a positive integer`);
    return n;
  };
  const page = num('page', 1);
  const perPage = Math.min(num('per_page', 50), 100);
  return { data: items.slice((page - 1) * perPage, page * perPage), total: items.length, page, per_page: perPage };
}

// Authenticates the caller with a token from this IdP. Returns middleware
// factories need('read'|'write') and the token's principal on req.principal.
function makeAuth({ verifyOptions, store }) {
  return (level) => (req, _res, next) => {
    const token = bearerToken(req);
    if (!token) return next(new HttpError(401, 'Not authenticated'));
    let claims;
    try {
      claims = verifyJwt(token, verifyOptions);
    } catch (err) {
      return next(err instanceof JwtError ? new HttpError(401, `Invalid token: ${err.message}`) : err);
    }
    if (claims.token_type === 'client_credentials') {
      const scopes = new Set(String(claims.scope || '').split(' '));
      const ok = scopes.has('admin:write') || (level === 'read' && scopes.has('admin:read'));
      if (!ok) return next(new HttpError(403, `Token requires admin:${level} scope`));
      if (claims.platform_token !== true) return next(new HttpError(403, 'Admin API requires a platform (GLOBAL) token'));
      req.principal = { id: claims.client_id, type: 'api' };
    } else {
      const user = store.users.get(claims.sub);
      if (!user || user.status !== 'ACTIVE') return next(new HttpError(401, 'User is not active'));
      if (user.role !== 'super_admin') return next(new HttpError(403, 'Admin role required'));
      req.principal = { id: user.id, type: 'admin' };
    }
    return next();
  };
}

export function mountAdminApi(app, { store, webhooks, verifyOptions }) {
  const need = makeAuth({ verifyOptions, store });
  const r = express.Router();
  r.use(express.json({ limit: '1mb' }));
  const wrap = (fn) => (req, res, next) => { try { fn(req, res); } catch (err) { next(err); } };
  const emit = (req, type, resource, data, tenantId = null, partnerId = null) => webhooks.emit(type,
    { resource, actor: req.principal, data, tenantId, partnerId });
  const emitUser = (req, type, u) => emit(req, type, { type: 'user', id: u.id }, store.userEventData(u), u.tenant_id, u.partner_id);
  const emitAssignment = (req, type, u) => emit(req, type, { type: 'application', id: store.application.id },
    { ...store.userEventData(u), application_id: store.application.id, user_id: u.id, assignment_type: 'direct' },
    u.tenant_id, u.partner_id);
  const emitGroup = (req, type, g) => emit(req, type, { type: 'group', id: g.id }, store.groupView(g), g.tenant_id,
    store.tenants.get(g.tenant_id)?.partner_id ?? null);
  const emitTenant = (req, type, t) => emit(req, type, { type: 'tenant', id: t.id }, store.tenantEventData(t), t.id, t.partner_id);
  const emitPartner = (req, type, p) => emit(req, type, { type: 'partner', id: p.id }, store.partnerView(p), null, p.id);

  // ---- partners ----
  r.get('/partners', need('read'), wrap((req, res) => res.json(paginate(req, store.listPartners(req.query).map(store.partnerView)))));
  r.get('/partners/:id', need('read'), wrap((req, res) => res.json(store.partnerView(store.getPartner(req.params.id)))));
  r.post('/partners', need('write'), wrap((req, res) => {
    const p = store.createPartner(req.body ?? {});
    res.status(201).json(store.partnerView(p));
    emitPartner(req, 'partner.created', p);
  }));
  r.patch('/partners/:id', need('write'), wrap((req, res) => {
    const p = store.updatePartner(req.params.id, req.body ?? {});
    res.json(store.partnerView(p));
    emitPartner(req, 'partner.updated', p);
  }));
  r.delete('/partners/:id', need('write'), wrap((req, res) => {
    const p = store.deletePartner(req.params.id);
    res.status(204).end();
    emitPartner(req, 'partner.deleted', p);
  }));

  // ---- tenants ----
  r.get('/tenants', need('read'), wrap((req, res) => res.json(paginate(req, store.listTenants(req.query).map(store.tenantView)))));
  r.get('/tenants/:id', need('read'), wrap((req, res) => res.json(store.tenantView(store.getTenant(req.params.id)))));
  r.post('/tenants', need('write'), wrap((req, res) => {
    const t = store.createTenant(req.body ?? {});
    res.status(201).json(store.tenantView(t));
    emitTenant(req, 'tenant.created', t);
  }));
  r.patch('/tenants/:id', need('write'), wrap((req, res) => {
    const t = store.updateTenant(req.params.id, req.body ?? {});
    res.json(store.tenantView(t));
    emitTenant(req, 'tenant.updated', t);
  }));
  r.delete('/tenants/:id', need('write'), wrap((req, res) => {
    const t = store.deleteTenant(req.params.id); // soft: status DELETED
    res.status(204).end();
    emitTenant(req, 'tenant.deleted', t);
  }));

  // ---- users ----
  r.get('/users', need('read'), wrap((req, res) => res.json(paginate(req, store.listUsers(req.query).map(store.userView)))));
  r.get('/users/:id', need('read'), wrap((req, res) => res.json(store.userView(store.getUser(req.params.id)))));
  r.post('/users', need('write'), wrap((req, res) => {
    const u = store.createUser(req.body ?? {});
    res.status(201).json(store.userView(u));
    emitUser(req, 'user.created', u);
    emitAssignment(req, 'application.user_assigned', u); // every user gets the ScaiDNS app
  }));
  r.patch('/users/:id', need('write'), wrap((req, res) => {
    const u = store.updateUser(req.params.id, req.body ?? {});
    res.json(store.userView(u));
    emitUser(req, 'user.updated', u);
  }));
  r.delete('/users/:id', need('write'), wrap((req, res) => {
    const u = store.setUserStatus(req.params.id, 'DELETED'); // soft delete
    res.status(204).end();
    emitUser(req, 'user.deleted', u);
    emitAssignment(req, 'application.user_unassigned', u);
  }));
  for (const [action, status, event] of [['suspend', 'SUSPENDED', 'user.suspended'], ['activate', 'ACTIVE', 'user.activated']]) {
    r.post(`/users/:id/${action}`, need('write'), wrap((req, res) => {
      const u = store.setUserStatus(req.params.id, status);
      res.json(store.userView(u));
      emitUser(req, event, u);
    }));
  }
  r.post('/users/:id/password', need('write'), wrap((req, res) => {
    const u = store.setPassword(req.params.id, req.body ?? {});
    res.status(204).end();
    emitUser(req, 'user.password_changed', u);
  }));

  // ---- groups ----
  r.get('/groups', need('read'), wrap((req, res) => res.json(paginate(req, store.listGroups(req.query).map(store.groupView)))));
  r.get('/groups/:id', need('read'), wrap((req, res) => res.json(store.groupView(store.getGroup(req.params.id)))));
  r.post('/groups', need('write'), wrap((req, res) => {
    const g = store.createGroup(req.body ?? {});
    res.status(201).json(store.groupView(g));
    emitGroup(req, 'group.created', g);
  }));
  r.patch('/groups/:id', need('write'), wrap((req, res) => {
    const g = store.updateGroup(req.params.id, req.body ?? {});
    res.json(store.groupView(g));
    emitGroup(req, 'group.updated', g);
  }));
  r.delete('/groups/:id', need('write'), wrap((req, res) => {
    const g = store.deleteGroup(req.params.id);
    res.status(204).end();
    emitGroup(req, 'group.deleted', g);
  }));
  r.get('/groups/:id/members', need('read'), wrap((req, res) => res.json(paginate(req, store.listMembers(req.params.id)))));
  const membership = (req, type, g, userId) => emit(req, type, { type: 'group', id: g.id },
    { group_id: g.id, user_id: userId, tenant_id: g.tenant_id }, g.tenant_id, store.tenants.get(g.tenant_id)?.partner_id ?? null);
  r.post('/groups/:id/members', need('write'), wrap((req, res) => {
    const { group, user } = store.addMember(req.params.id, req.body ?? {});
    res.status(201).json({ group_id: group.id, user_id: user.id });
    membership(req, 'group.member_added', group, user.id);
  }));
  r.delete('/groups/:id/members/:userId', need('write'), wrap((req, res) => {
    const { group, userId } = store.removeMember(req.params.id, req.params.userId);
    res.status(204).end();
    membership(req, 'group.member_removed', group, userId);
  }));

  // Lets tests wait until an event has actually been delivered.
  r.get('/webhook-deliveries', need('read'), (_req, res) => res.json({ data: webhooks.deliveries, total: webhooks.deliveries.length }));

  r.use((_req, _res, next) => next(new HttpError(404, 'Not Found')));
  app.use('/api/v1/admin', r);

  // App assignments: all non-deleted users of the tenant, assigned directly.
  app.get('/api/v1/tenants/:tenantId/applications/:appId/effective-users', need('read'), wrap((req, res) => {
    if (req.params.appId !== store.application.id) throw new HttpError(404, 'Application not found');
    res.json(paginate(req, store.effectiveUsers(req.params.tenantId)));
  }));
}

// Final JSON error handler for the API routes.
export function apiErrorHandler(err, _req, res, next) {
  if (res.headersSent) return next(err);
  if (err instanceof HttpError) {
    if (err.status === 401) res.set('WWW-Authenticate', 'Bearer');
    return res.status(err.status).json({ detail: err.detail });
  }
  if (err.type === 'entity.parse.failed') return res.status(400).json({ detail: 'Invalid JSON body' });
  console.error('admin api error:', err);
  return res.status(500).json({ detail: 'Internal Server Error' });
}
