// In-memory identity state (partners, tenants, users, groups), seeded from
// demo-data.json at every start. The admin API mutates it; nothing is saved,
// so each IdP start is a clean, predictable fixture.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export class HttpError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
    this.detail = detail;
  }
}

export const USER_STATUSES = ['ACTIVE', 'SUSPENDED', 'DELETED'];
export const ROLES = ['super_admin', 'partner_admin', 'tenant_admin'];
export const GROUP_TYPES = ['SECURITY', 'DISTRIBUTION_LIST'];

// ISO-8601 UTC without milliseconds, like ScaiKey's examples.
export const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const newId = (prefix) => `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x').toLowerCase()}`;

// scrypt with a low cost: these are demo passwords, but never compare plain text.
const SCRYPT = { N: 4096 };
function hashPassword(password) {
  const salt = randomBytes(16);
  return { salt, hash: scryptSync(password, salt, 32, SCRYPT) };
}
function passwordMatches(stored, password) {
  if (!stored || typeof password !== 'string') return false;
  return timingSafeEqual(stored.hash, scryptSync(password, stored.salt, 32, SCRYPT));
}

// Small validators: reject bad input with FastAPI-like 422 {"detail": "..."}.
function str(body, field, { required = false, nullable = false } = {}) {
  const v = body[field];
  if (v === undefined) {
    if (required) throw new HttpError(422, `${field} is required`);
    return undefined;
  }
  if (v === null && nullable) return null;
  if (typeof v !== 'string' || !v.trim()) throw new HttpError(422, `${field} must be a non-empty string`);
  return v.trim();
}
function oneOf(body, field, allowed, opts) {
  const v = str(body, field, opts);
  if (v != null && !allowed.includes(v)) throw new HttpError(422, `${field} must be one of ${allowed.join(', ')}`);
  return v;
}
const defined = (obj) => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined));

export class Store {
  constructor(seed) {
    this.application = seed.application;
    const t0 = seed.seeded_at || nowIso();
    const stamp = (x) => ({ ...x, created_at: x.created_at ?? t0, updated_at: x.updated_at ?? t0 });
    this.partners = new Map(seed.partners.map((p) => [p.id, stamp({ ...p })]));
    this.tenants = new Map(seed.tenants.map((t) => [t.id, stamp({ settings: {}, ...t })]));
    // Same field order as users created through the API.
    this.users = new Map(seed.users.map((u) => [u.id, stamp({
      id: u.id, email: u.email, first_name: u.first_name, last_name: u.last_name,
      display_name: u.display_name ?? `${u.first_name} ${u.last_name}`, status: u.status ?? 'ACTIVE',
      tenant_id: u.tenant_id, partner_id: seed.tenants.find((t) => t.id === u.tenant_id)?.partner_id ?? null,
      role: u.role ?? null, password: u.password ? hashPassword(u.password) : null,
    })]));
    this.groups = new Map(seed.groups.map(({ members, ...g }) => [g.id, stamp({ description: '', ...g })]));
    // group id -> Map(user id -> added_at)
    this.members = new Map(seed.groups.map((g) => [g.id, new Map((g.members || []).map((u) => [u, t0]))]));
  }

  // ---- views (what the API and webhooks expose; never the password) ----
  partnerView = (p) => ({ ...p });
  tenantView = (t) => ({ ...t });
  userView = ({ password, ...u }) => ({ ...u });
  groupView = (g) => ({ ...g, member_count: this.members.get(g.id)?.size ?? 0 });
  ref = (x) => (x ? { id: x.id, name: x.name, slug: x.slug } : null);
  // Webhook payloads nest the tenant/partner so receivers can upsert them too.
  userEventData = (u) => ({ ...this.userView(u), tenant: this.ref(this.tenants.get(u.tenant_id)),
    partner: this.ref(this.partners.get(u.partner_id)) });
  tenantEventData = (t) => ({ ...t, partner: this.ref(this.partners.get(t.partner_id)) });

  #get(map, id, what) {
    const x = map.get(id);
    if (!x) throw new HttpError(404, `${what} not found`);
    return x;
  }
  #touch(x, patch) {
    Object.assign(x, defined(patch), { updated_at: nowIso() });
    return x;
  }

  // ---- partners ----
  getPartner(id) { return this.#get(this.partners, id, 'Partner'); }
  listPartners({ status } = {}) { return [...this.partners.values()].filter((p) => !status || p.status === status); }
  createPartner(body) {
    const name = str(body, 'name', { required: true });
    const now = nowIso();
    const p = { id: newId('prt'), name, slug: str(body, 'slug') ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      status: 'ACTIVE', created_at: now, updated_at: now };
    this.partners.set(p.id, p);
    return p;
  }
  updatePartner(id, body) {
    return this.#touch(this.getPartner(id), { name: str(body, 'name'), slug: str(body, 'slug'),
      status: oneOf(body, 'status', ['ACTIVE', 'SUSPENDED']) });
  }
  deletePartner(id) { return this.#touch(this.getPartner(id), { status: 'DELETED' }); }

  // ---- tenants ----
  getTenant(id) { return this.#get(this.tenants, id, 'Tenant'); }
  listTenants({ partner_id, status } = {}) {
    return [...this.tenants.values()].filter((t) => (!partner_id || t.partner_id === partner_id) && (!status || t.status === status));
  }
  #checkSlug(slug, selfId) {
    if (slug && [...this.tenants.values()].some((t) => t.slug === slug && t.id !== selfId)) {
      throw new HttpError(409, 'Tenant slug already exists');
    }
  }
  createTenant(body) {
    const name = str(body, 'name', { required: true });
    const slug = str(body, 'slug') ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const partnerId = str(body, 'partner_id') ?? [...this.partners.keys()][0];
    this.getPartner(partnerId);
    this.#checkSlug(slug);
    const now = nowIso();
    const t = { id: newId('tnt'), name, slug, partner_id: partnerId, status: 'ACTIVE', settings: body.settings ?? {},
      created_at: now, updated_at: now };
    this.tenants.set(t.id, t);
    return t;
  }
  updateTenant(id, body) {
    const t = this.getTenant(id);
    const slug = str(body, 'slug');
    this.#checkSlug(slug, id);
    return this.#touch(t, { name: str(body, 'name'), slug, status: oneOf(body, 'status', ['ACTIVE', 'SUSPENDED']),
      settings: body.settings });
  }
  deleteTenant(id) { return this.#touch(this.getTenant(id), { status: 'DELETED' }); }

  // ---- users ----
  getUser(id) { return this.#get(this.users, id, 'User'); }
  findUserByEmail(email) {
    const e = String(email || '').trim().toLowerCase();
    return [...this.users.values()].find((u) => u.email.toLowerCase() === e && u.status !== 'DELETED')
      ?? [...this.users.values()].find((u) => u.email.toLowerCase() === e);
  }
  listUsers({ tenant_id, status, email } = {}) {
    return [...this.users.values()].filter((u) => (!tenant_id || u.tenant_id === tenant_id)
      && (!status || u.status === status) && (!email || u.email.toLowerCase() === email.toLowerCase()));
  }
  #checkEmail(email, selfId) {
    if (!email) return;
    if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw new HttpError(422, 'email is not a valid email address');
    const other = [...this.users.values()].find((u) => u.email.toLowerCase() === email.toLowerCase()
      && u.id !== selfId && u.status !== 'DELETED');
    if (other) throw new HttpError(409, 'User with this email already exists');
  }
  createUser(body) {
    const email = str(body, 'email', { required: true });
    const tenant = this.getTenantForWrite(str(body, 'tenant_id', { required: true }));
    this.#checkEmail(email);
    const first = str(body, 'first_name') ?? '';
    const last = str(body, 'last_name') ?? '';
    const password = str(body, 'password');
    const now = nowIso();
    const u = { id: newId('usr'), email, first_name: first, last_name: last,
      display_name: str(body, 'display_name') ?? (`${first} ${last}`.trim() || email),
      status: 'ACTIVE', tenant_id: tenant.id, partner_id: tenant.partner_id,
      role: oneOf(body, 'role', ROLES, { nullable: true }) ?? null, password: password ? hashPassword(password) : null,
      created_at: now, updated_at: now };
    this.users.set(u.id, u);
    return u;
  }
  getTenantForWrite(id) {
    const t = this.tenants.get(id);
    if (!t || t.status === 'DELETED') throw new HttpError(422, `tenant_id ${id} does not exist`);
    return t;
  }
  updateUser(id, body) {
    const u = this.getUser(id);
    const email = str(body, 'email');
    this.#checkEmail(email, id);
    const first = str(body, 'first_name');
    const last = str(body, 'last_name');
    // Keep a derived display name in step with name changes unless one is given.
    const derived = `${u.first_name} ${u.last_name}`.trim();
    let display = str(body, 'display_name');
    if (display === undefined && (first !== undefined || last !== undefined) && u.display_name === derived) {
      display = `${first ?? u.first_name} ${last ?? u.last_name}`.trim();
    }
    return this.#touch(u, { email, first_name: first, last_name: last, display_name: display,
      role: oneOf(body, 'role', ROLES, { nullable: true }), status: oneOf(body, 'status', USER_STATUSES) });
  }
  setUserStatus(id, status) { return this.#touch(this.getUser(id), { status }); }
  setPassword(id, body) {
    const password = str(body, 'password', { required: true });
    if (password.length < 8) throw new HttpError(422, 'password must be at least 8 characters');
    return this.#touch(this.getUser(id), { password: hashPassword(password) });
  }
  // Returns { user } on success or { error } with a message for the login page.
  authenticate(email, password) {
    const u = this.findUserByEmail(email);
    if (!u || !passwordMatches(u.password, password)) return { error: 'Invalid email or password.' };
    if (u.status === 'SUSPENDED') return { error: 'This account is suspended. Contact your administrator.' };
    if (u.status !== 'ACTIVE') return { error: 'Invalid email or password.' };
    return { user: u };
  }

  // ---- groups ----
  getGroup(id) { return this.#get(this.groups, id, 'Group'); }
  listGroups({ tenant_id } = {}) { return [...this.groups.values()].filter((g) => !tenant_id || g.tenant_id === tenant_id); }
  createGroup(body) {
    const tenant = this.getTenantForWrite(str(body, 'tenant_id', { required: true }));
    const now = nowIso();
    const g = { id: newId('grp'), name: str(body, 'name', { required: true }), description: str(body, 'description') ?? '',
      group_type: oneOf(body, 'group_type', GROUP_TYPES) ?? 'SECURITY', tenant_id: tenant.id,
      created_at: now, updated_at: now };
    this.groups.set(g.id, g);
    this.members.set(g.id, new Map());
    return g;
  }
  updateGroup(id, body) {
    return this.#touch(this.getGroup(id), { name: str(body, 'name'), description: str(body, 'description'),
      group_type: oneOf(body, 'group_type', GROUP_TYPES) });
  }
  deleteGroup(id) {
    const g = this.getGroup(id);
    this.groups.delete(id);
    this.members.delete(id);
    return g;
  }
  listMembers(groupId) {
    this.getGroup(groupId);
    return [...this.members.get(groupId)].map(([userId, addedAt]) => {
      const u = this.users.get(userId);
      return { user_id: userId, email: u?.email ?? null, display_name: u?.display_name ?? null,
        status: u?.status ?? null, added_at: addedAt };
    });
  }
  addMember(groupId, body) {
    const g = this.getGroup(groupId);
    const userId = str(body, 'user_id', { required: true });
    const u = this.users.get(userId);
    if (!u || u.status === 'DELETED') throw new HttpError(422, `user_id ${userId} does not exist`);
    if (u.tenant_id !== g.tenant_id) throw new HttpError(422, 'User belongs to a different tenant than the group');
    const m = this.members.get(groupId);
    if (m.has(userId)) throw new HttpError(409, 'User is already a member of this group');
    m.set(userId, nowIso());
    return { group: g, user: u };
  }
  removeMember(groupId, userId) {
    const g = this.getGroup(groupId);
    if (!this.members.get(groupId).delete(userId)) throw new HttpError(404, 'User is not a member of this group');
    return { group: g, userId };
  }
  groupIdsOfUser(userId) {
    return [...this.members].filter(([, m]) => m.has(userId)).map(([gid]) => gid);
  }

  // All non-deleted users of a tenant are assigned (directly) to the ScaiDNS app.
  effectiveUsers(tenantId) {
    this.getTenant(tenantId);
    return this.listUsers({ tenant_id: tenantId }).filter((u) => u.status !== 'DELETED')
      .map((u) => ({ user_id: u.id, email: u.email, via: 'direct' }));
  }
}
