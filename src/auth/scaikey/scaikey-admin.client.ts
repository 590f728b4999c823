import { Injectable, Logger } from '@nestjs/common';
import { OidcDiscoveryService, describeFetchError } from 'src/auth/scaikey/oidc-discovery.service';
import { ScaiKeyUnavailableError } from 'src/auth/scaikey/scaikey.errors';
import { postAsClient } from 'src/auth/scaikey/token-endpoint';
import { AppException } from 'src/common/errors/app.exception';
import { AppConfig } from 'src/config/app-config';

/** ScaiKey's list envelope (1-based `page`, `per_page` ≤ 100). */
export interface ScaiKeyPage<T> {
  data: T[];
  total: number;
  page: number;
  per_page: number;
}

export interface ScaiKeyPageQuery {
  page?: number;
  per_page?: number;
}

export type ScaiKeyUserStatus = 'ACTIVE' | 'SUSPENDED' | 'DELETED';
export type ScaiKeyGroupType = 'SECURITY' | 'DISTRIBUTION_LIST';

export interface ScaiKeyUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  status: ScaiKeyUserStatus;
  tenant_id: string;
  partner_id: string | null;
  role: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScaiKeyUserCreate {
  email: string;
  tenant_id: string;
  first_name?: string;
  last_name?: string;
  display_name?: string;
  /** Omitted: ScaiKey creates the user without a password (and sends an invitation where it is configured to). */
  password?: string;
  role?: string | null;
}

export interface ScaiKeyUserUpdate {
  email?: string;
  first_name?: string;
  last_name?: string;
  display_name?: string;
  role?: string | null;
  status?: ScaiKeyUserStatus;
}

export interface ScaiKeyGroup {
  id: string;
  name: string;
  description: string;
  group_type: ScaiKeyGroupType;
  tenant_id: string;
  member_count?: number;
  created_at: string;
  updated_at: string;
}

export interface ScaiKeyGroupCreate {
  tenant_id: string;
  name: string;
  description?: string;
  group_type?: ScaiKeyGroupType;
}

export type ScaiKeyGroupUpdate = Partial<Omit<ScaiKeyGroupCreate, 'tenant_id'>>;

export interface ScaiKeyGroupMember {
  user_id: string;
  email: string | null;
  display_name: string | null;
  status: ScaiKeyUserStatus | null;
  added_at: string;
}

export interface ScaiKeyTenant {
  id: string;
  name: string;
  slug: string;
  partner_id: string;
  status: string;
  settings: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface ScaiKeyTenantCreate {
  name: string;
  slug?: string;
  partner_id?: string;
  settings?: Record<string, unknown>;
}

export type ScaiKeyTenantUpdate = Partial<Omit<ScaiKeyTenantCreate, 'partner_id'>> & {
  status?: 'ACTIVE' | 'SUSPENDED';
};

export interface ScaiKeyPartner {
  id: string;
  name: string;
  slug: string;
  status: string;
  created_at: string;
  updated_at: string;
}

export interface ScaiKeyEffectiveUser {
  user_id: string;
  email: string;
  via: string;
}

/**
 * A refusal by ScaiKey's admin API that is about the request (4xx): the client gets ScaiKey's status and detail,
 * e.g. 409 "User with this email already exists".
 */
export class ScaiKeyAdminError extends AppException {
  constructor(status: number, detail: unknown) {
    super(status, detail, `SCAIKEY_ADMIN_${status}`);
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Query = Record<string, string | number | undefined>;

/** Renew the token this long before ScaiKey says it expires. */
const TOKEN_RENEW_MARGIN_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * ScaiKey's admin API (`{SCAIKEY_URL}/api/v1/admin/...`), called as ScaiDNS's admin service client
 * (SCAIKEY_ADMIN_CLIENT_ID/SECRET, client_credentials, admin:read + admin:write). The only code that knows the
 * admin API's paths and payloads.
 *
 * Errors: ScaiKey 4xx about the request → the same status with ScaiKey's detail; ScaiKey refusing *our*
 * credentials (401/403) or answering 5xx → 502, because the caller did nothing wrong; unreachable or timing
 * out → 503.
 */
@Injectable()
export class ScaiKeyAdminClient {
  private readonly logger = new Logger(ScaiKeyAdminClient.name);
  private token: { value: string; renewAt: number } | null = null;
  private tokenInFlight: Promise<string> | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly discovery: OidcDiscoveryService,
  ) {}

  // ---- users ----

  listUsers(
    query: ScaiKeyPageQuery & { tenant_id?: string; status?: ScaiKeyUserStatus; email?: string } = {},
  ) {
    return this.request<ScaiKeyPage<ScaiKeyUser>>('GET', '/api/v1/admin/users', { query: { ...query } });
  }

  getUser(id: string): Promise<ScaiKeyUser> {
    return this.request('GET', `/api/v1/admin/users/${enc(id)}`);
  }

  createUser(input: ScaiKeyUserCreate): Promise<ScaiKeyUser> {
    return this.request('POST', '/api/v1/admin/users', { body: input });
  }

  updateUser(id: string, patch: ScaiKeyUserUpdate): Promise<ScaiKeyUser> {
    return this.request('PATCH', `/api/v1/admin/users/${enc(id)}`, { body: patch });
  }

  /** Soft delete at ScaiKey (status DELETED); the user can be re-activated. */
  async deleteUser(id: string): Promise<void> {
    await this.request('DELETE', `/api/v1/admin/users/${enc(id)}`);
  }

  suspendUser(id: string): Promise<ScaiKeyUser> {
    return this.request('POST', `/api/v1/admin/users/${enc(id)}/suspend`);
  }

  activateUser(id: string): Promise<ScaiKeyUser> {
    return this.request('POST', `/api/v1/admin/users/${enc(id)}/activate`);
  }

  async setPassword(id: string, password: string): Promise<void> {
    await this.request('POST', `/api/v1/admin/users/${enc(id)}/password`, { body: { password } });
  }

  // ---- groups ----

  listGroups(query: ScaiKeyPageQuery & { tenant_id?: string } = {}) {
    return this.request<ScaiKeyPage<ScaiKeyGroup>>('GET', '/api/v1/admin/groups', { query: { ...query } });
  }

  getGroup(id: string): Promise<ScaiKeyGroup> {
    return this.request('GET', `/api/v1/admin/groups/${enc(id)}`);
  }

  createGroup(input: ScaiKeyGroupCreate): Promise<ScaiKeyGroup> {
    return this.request('POST', '/api/v1/admin/groups', { body: input });
  }

  updateGroup(id: string, patch: ScaiKeyGroupUpdate): Promise<ScaiKeyGroup> {
    return this.request('PATCH', `/api/v1/admin/groups/${enc(id)}`, { body: patch });
  }

  async deleteGroup(id: string): Promise<void> {
    await this.request('DELETE', `/api/v1/admin/groups/${enc(id)}`);
  }

  listGroupMembers(id: string, query: ScaiKeyPageQuery = {}) {
    return this.request<ScaiKeyPage<ScaiKeyGroupMember>>('GET', `/api/v1/admin/groups/${enc(id)}/members`, {
      query: { ...query },
    });
  }

  addGroupMember(groupId: string, userId: string): Promise<{ group_id: string; user_id: string }> {
    return this.request('POST', `/api/v1/admin/groups/${enc(groupId)}/members`, {
      body: { user_id: userId },
    });
  }

  async removeGroupMember(groupId: string, userId: string): Promise<void> {
    await this.request('DELETE', `/api/v1/admin/groups/${enc(groupId)}/members/${enc(userId)}`);
  }

  // ---- tenants and partners ----

  listTenants(query: ScaiKeyPageQuery & { partner_id?: string; status?: string } = {}) {
    return this.request<ScaiKeyPage<ScaiKeyTenant>>('GET', '/api/v1/admin/tenants', { query: { ...query } });
  }

  getTenant(id: string): Promise<ScaiKeyTenant> {
    return this.request('GET', `/api/v1/admin/tenants/${enc(id)}`);
  }

  createTenant(input: ScaiKeyTenantCreate): Promise<ScaiKeyTenant> {
    return this.request('POST', '/api/v1/admin/tenants', { body: input });
  }

  updateTenant(id: string, patch: ScaiKeyTenantUpdate): Promise<ScaiKeyTenant> {
    return this.request('PATCH', `/api/v1/admin/tenants/${enc(id)}`, { body: patch });
  }

  async deleteTenant(id: string): Promise<void> {
    await this.request('DELETE', `/api/v1/admin/tenants/${enc(id)}`);
  }

  listPartners(query: ScaiKeyPageQuery & { status?: string } = {}) {
    return this.request<ScaiKeyPage<ScaiKeyPartner>>('GET', '/api/v1/admin/partners', {
      query: { ...query },
    });
  }

  getPartner(id: string): Promise<ScaiKeyPartner> {
    return this.request('GET', `/api/v1/admin/partners/${enc(id)}`);
  }

  /** Users assigned to the ScaiDNS application in a tenant, directly or through a group. */
  effectiveUsers(
    tenantId: string,
    query: ScaiKeyPageQuery = {},
    applicationId = this.config.scaikey.applicationId,
  ) {
    return this.request<ScaiKeyPage<ScaiKeyEffectiveUser>>(
      'GET',
      `/api/v1/tenants/${enc(tenantId)}/applications/${enc(applicationId)}/effective-users`,
      { query: { ...query } },
    );
  }

  /** Walks every page of a list call (100 per page) and returns all items. */
  async all<T>(list: (query: ScaiKeyPageQuery) => Promise<ScaiKeyPage<T>>): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; ; page++) {
      const answer = await list({ page, per_page: 100 });
      items.push(...answer.data);
      if (answer.data.length === 0 || items.length >= answer.total) {
        return items;
      }
    }
  }

  // ---- plumbing ----

  private async request<T>(
    method: Method,
    path: string,
    options: { query?: Query; body?: unknown } = {},
  ): Promise<T> {
    let response = await this.send(method, path, options, await this.accessToken());
    if (response.status === 401) {
      // ScaiKey may have revoked or rotated the token early: one retry with a fresh one.
      this.token = null;
      response = await this.send(method, path, options, await this.accessToken());
    }
    if (response.status === 204) {
      return undefined as T;
    }
    const text = await response.text().catch(() => '');
    const body = parseJson(text);
    if (response.ok) {
      return body as T;
    }
    const detail =
      isObject(body) && 'detail' in body ? body.detail : text.slice(0, 500) || `HTTP ${response.status}`;
    if (response.status === 401 || response.status === 403) {
      this.logger.error(
        `ScaiKey admin API refused ScaiDNS's admin client on ${method} ${path}: ${describe(detail)}`,
      );
      throw new AppException(
        502,
        `ScaiKey refused ScaiDNS's admin client (check SCAIKEY_ADMIN_CLIENT_ID and its admin scopes): ${describe(detail)}`,
        'SCAIKEY_ADMIN_CREDENTIALS',
      );
    }
    if (response.status >= 500) {
      throw new AppException(
        502,
        `ScaiKey failed (HTTP ${response.status}): ${describe(detail)}`,
        'SCAIKEY_ADMIN_UPSTREAM',
      );
    }
    throw new ScaiKeyAdminError(response.status, detail);
  }

  private async send(
    method: Method,
    path: string,
    options: { query?: Query; body?: unknown },
    token: string,
  ) {
    const url = new URL(`${this.config.scaikey.url}${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) {
        url.searchParams.set(name, String(value));
      }
    }
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new ScaiKeyUnavailableError(`admin API ${method} ${path}: ${describeFetchError(error)}`);
    }
  }

  /** A client_credentials token from the discovery document's token endpoint, reused until shortly before expiry. */
  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt) {
      return this.token.value;
    }
    this.tokenInFlight ??= this.fetchToken().finally(() => (this.tokenInFlight = null));
    return this.tokenInFlight;
  }

  private async fetchToken(): Promise<string> {
    const { token_endpoint: endpoint } = await this.discovery.get();
    const { adminClientId, adminClientSecret } = this.config.scaikey;
    // No `scope`: ScaiKey grants the client's allowed scopes (admin:read/admin:write when configured).
    const response = await postAsClient(
      endpoint,
      { id: adminClientId, secret: adminClientSecret },
      { grant_type: 'client_credentials' },
      'token request failed',
    );
    const body = parseJson(await response.text().catch(() => ''));
    const token = isObject(body) && typeof body.access_token === 'string' ? body.access_token : null;
    if (!response.ok || !token) {
      if (response.status >= 500) {
        throw new ScaiKeyUnavailableError(`token endpoint answered HTTP ${response.status}`);
      }
      const reason = isObject(body) ? describe(body.error_description ?? body.error ?? null) : 'null';
      const why = reason === 'null' ? `HTTP ${response.status}` : reason;
      this.logger.error(`ScaiKey refused the admin client's token request: ${why}`);
      throw new AppException(
        502,
        `ScaiKey refused ScaiDNS's admin client credentials (SCAIKEY_ADMIN_CLIENT_ID/SECRET): ${why}`,
        'SCAIKEY_ADMIN_CREDENTIALS',
      );
    }
    const expiresIn = isObject(body) && typeof body.expires_in === 'number' ? body.expires_in : 300;
    this.token = {
      value: token,
      renewAt: Date.now() + Math.max(0, expiresIn * 1000 - TOKEN_RENEW_MARGIN_MS),
    };
    return token;
  }
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function parseJson(text: string): unknown {
  if (!text) {
    return null;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(detail: unknown): string {
  return typeof detail === 'string' ? detail : JSON.stringify(detail);
}
