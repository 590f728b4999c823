import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { generateApiKeySecret, hashApiKeySecret, lookupPrefixOf } from 'src/api-keys/api-key-secret';
import { expandScopes, notHeld } from 'src/api-keys/api-key-scopes';
import { ApiKeyUsageService, PendingUsage } from 'src/api-keys/api-key-usage.service';
import { ApiKeysRepository } from 'src/api-keys/api-keys.repository';
import {
  ApiKeyPageDto,
  ApiKeyResponseDto,
  ApiKeyWithSecretResponseDto,
} from 'src/api-keys/dto/api-key-response.dto';
import { CreateApiKeyDto } from 'src/api-keys/dto/create-api-key.dto';
import { ListApiKeysQueryDto } from 'src/api-keys/dto/list-api-keys-query.dto';
import { UpdateApiKeyDto } from 'src/api-keys/dto/update-api-key.dto';
import { ApiKeyEntity, PermissionSource } from 'src/api-keys/entities/api-key.entity';
import { AuditService } from 'src/audit/audit.service';
import { PermissionSet } from 'src/auth/permission-set';
import { Permission } from 'src/auth/permissions';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import { BadRequestError, ForbiddenError, NotFoundError } from 'src/common/errors/app.exception';
import { RequestValidationException } from 'src/common/errors/request-validation.exception';
import { pageRequest, toPage } from 'src/common/pagination/pagination';
import { AppConfig } from 'src/config/app-config';
import { TransactionRunner } from 'src/database/transaction-runner';
import { PermissionSubject, PermissionsService } from 'src/roles/permissions.service';
import { UsersRepository } from 'src/users/users.repository';

/** The signed-in person managing keys, in the tenant the request acts in. */
interface Caller {
  userId: string;
  tenantId: string;
  isPlatformAdmin: boolean;
  permissions: PermissionSet;
  /** Platform admins and holders of api_keys:manage manage every key of the tenant. */
  managesTenant: boolean;
}

/** A key's permission source, resolved inside the tenant. */
interface Source {
  type: PermissionSource;
  id: string;
  subject: PermissionSubject;
}

type Access = 'manage' | 'view' | 'none';

/**
 * Managing API keys (JWT callers only; the routes refuse API keys). Rules:
 * - a key belongs to the tenant of the request; other tenants' keys are 404;
 * - anyone signed in manages keys whose permission source is themselves;
 * - keys of another user or of a group need `api_keys:manage` in the tenant; platform admins manage every key of
 *   the tenant they act in;
 * - members of a group see (list, get) the group's keys but need `api_keys:manage` to change them; keys nobody
 *   lets the caller see are 404;
 * - scopes must be held by the source at creation/update time (400 naming the rest), and nobody but a platform
 *   admin can give a key permissions they do not hold themselves (403).
 * Every change writes an audit entry (`api_key.<verb>`) in the same transaction, without the secret or its hash.
 */
@Injectable()
export class ApiKeyManagementService {
  constructor(
    private readonly config: AppConfig,
    private readonly keys: ApiKeysRepository,
    private readonly usage: ApiKeyUsageService,
    private readonly principals: PrincipalResolver,
    private readonly permissions: PermissionsService,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  async list(context: RequestContext, query: ListApiKeysQueryDto): Promise<ApiKeyPageDto> {
    const caller = await this.caller(context);
    const page = pageRequest(query);
    const visibility = caller.managesTenant
      ? ({ kind: 'tenant' } as const)
      : ({
          kind: 'owned',
          userId: caller.userId,
          groupIds: await this.users.groupIdsOf(caller.userId),
        } as const);
    const [rows, total] = await this.keys.listInTenant(
      caller.tenantId,
      visibility,
      query.include_revoked ?? false,
      page,
    );
    const pending = await this.usage.pending(rows.map((key) => key.id));
    return toPage(
      rows.map((key) => toResponse(key, pending.get(key.id))),
      total,
      page,
    );
  }

  async get(context: RequestContext, id: string): Promise<ApiKeyResponseDto> {
    const caller = await this.caller(context);
    const key = await this.keys.findInTenant(caller.tenantId, id);
    if (!key || (await this.access(caller, key)) === 'none') {
      throw new NotFoundError('API key');
    }
    const pending = await this.usage.pending([key.id]);
    return toResponse(key, pending.get(key.id));
  }

  async create(context: RequestContext, body: CreateApiKeyDto): Promise<ApiKeyWithSecretResponseDto> {
    const caller = await this.caller(context);
    const source = await this.resolveSource(caller, body.permission_source, body.permission_source_id);
    const scopes = body.scopes ? expandScopes(body.scopes).permissions : null;
    await this.checkScopes(caller, source, scopes);
    const secret = generateApiKeySecret();
    const key = this.keys.create({
      tenantId: caller.tenantId,
      name: body.name,
      description: body.description ?? null,
      keyPrefix: lookupPrefixOf(secret)!,
      keyHash: hashApiKeySecret(secret, this.config.security.apiKeyPepper),
      status: 'active',
      permissionSource: source.type,
      permissionSourceId: source.id,
      createdBy: caller.userId,
      scopes,
      rateLimit: body.rate_limit ?? null,
      ipWhitelist: body.ip_whitelist ?? null,
      expiresAt: futureDate(body.expires_at),
      useCount: 0,
    });
    const saved = await this.transactions.run(async (manager) => {
      const row = await this.keys.save(key, manager);
      await this.audit.record(context, auditEntry('create', row, undefined, auditView(row)), manager);
      return row;
    });
    return { ...toResponse(saved), key: secret };
  }

  update(context: RequestContext, id: string, body: UpdateApiKeyDto): Promise<ApiKeyResponseDto> {
    return this.change(context, id, 'update', async (caller, key) => {
      if (body.scopes !== undefined) {
        const scopes = body.scopes ? expandScopes(body.scopes).permissions : null;
        await this.checkScopes(caller, await this.sourceOf(key), scopes);
        key.scopes = scopes;
      }
      if (body.name !== undefined) {
        key.name = body.name;
      }
      if (body.description !== undefined) {
        key.description = body.description;
      }
      if (body.rate_limit !== undefined) {
        key.rateLimit = body.rate_limit;
      }
      if (body.ip_whitelist !== undefined) {
        key.ipWhitelist = body.ip_whitelist;
      }
      if (body.expires_at !== undefined) {
        key.expiresAt = futureDate(body.expires_at);
      }
      return true;
    }).then(({ response }) => response);
  }

  revoke(context: RequestContext, id: string): Promise<ApiKeyResponseDto> {
    return this.change(context, id, 'revoke', (_caller, key) => {
      const changed = key.status !== 'revoked';
      key.status = 'revoked';
      return Promise.resolve(changed);
    }).then(({ response }) => response);
  }

  activate(context: RequestContext, id: string): Promise<ApiKeyResponseDto> {
    return this.change(context, id, 'activate', (_caller, key) => {
      if (isExpired(key)) {
        throw new BadRequestError('This API key has expired; set a later expires_at before activating it');
      }
      const changed = key.status !== 'active';
      key.status = 'active';
      return Promise.resolve(changed);
    }).then(({ response }) => response);
  }

  async regenerate(context: RequestContext, id: string): Promise<ApiKeyWithSecretResponseDto> {
    const secret = generateApiKeySecret();
    const { response } = await this.change(context, id, 'regenerate', (_caller, key) => {
      key.keyPrefix = lookupPrefixOf(secret)!;
      key.keyHash = hashApiKeySecret(secret, this.config.security.apiKeyPepper);
      return Promise.resolve(true);
    });
    return { ...response, key: secret };
  }

  async remove(context: RequestContext, id: string): Promise<void> {
    const caller = await this.caller(context);
    await this.transactions.run(async (manager) => {
      const key = await this.manageable(caller, id, manager);
      await this.keys.remove(key, manager);
      await this.audit.record(context, auditEntry('delete', key, auditView(key), undefined), manager);
    });
  }

  /**
   * Loads and locks the key, checks the caller may manage it, applies `apply` and — when it reports a change —
   * saves and audits `api_key.<action>` in one transaction.
   */
  private async change(
    context: RequestContext,
    id: string,
    action: string,
    apply: (caller: Caller, key: ApiKeyEntity) => Promise<boolean>,
  ): Promise<{ response: ApiKeyResponseDto }> {
    const caller = await this.caller(context);
    const saved = await this.transactions.run(async (manager) => {
      const key = await this.manageable(caller, id, manager);
      const before = auditView(key);
      if (!(await apply(caller, key))) {
        return key;
      }
      const row = await this.keys.save(key, manager);
      await this.audit.record(context, auditEntry(action, row, before, auditView(row)), manager);
      return row;
    });
    const pending = await this.usage.pending([saved.id]);
    return { response: toResponse(saved, pending.get(saved.id)) };
  }

  private async manageable(caller: Caller, id: string, manager: EntityManager): Promise<ApiKeyEntity> {
    const key = await this.keys.findInTenant(caller.tenantId, id, manager);
    const access = key ? await this.access(caller, key) : 'none';
    if (!key || access === 'none') {
      throw new NotFoundError('API key');
    }
    if (access === 'view') {
      throw new ForbiddenError("Permission denied: managing this group's API keys requires api_keys:manage");
    }
    return key;
  }

  private async access(caller: Caller, key: ApiKeyEntity): Promise<Access> {
    if (
      caller.managesTenant ||
      (key.permissionSource === 'user' && key.permissionSourceId === caller.userId)
    ) {
      return 'manage';
    }
    if (
      key.permissionSource === 'group' &&
      (await this.users.groupIdsOf(caller.userId)).includes(key.permissionSourceId)
    ) {
      return 'view';
    }
    return 'none';
  }

  private async caller(context: RequestContext): Promise<Caller> {
    const principal = context.principal;
    if (!principal || principal.type !== 'user' || !principal.userId || !context.tenantId) {
      // The routes already refuse API keys; this guards against a route declared without allowApiKey: false.
      throw new ForbiddenError('API keys are managed by signed-in users only');
    }
    const permissions = await this.principals.permissionsOf(context);
    return {
      userId: principal.userId,
      tenantId: context.tenantId,
      isPlatformAdmin: principal.isPlatformAdmin,
      permissions,
      managesTenant: principal.isPlatformAdmin || permissions.has('api_keys:manage'),
    };
  }

  /** The user or group named on create; the caller when a user source names no id. */
  private async resolveSource(
    caller: Caller,
    type: PermissionSource,
    reference: string | undefined,
  ): Promise<Source> {
    if (type === 'group') {
      if (reference === undefined) {
        throw new RequestValidationException([
          {
            loc: ['body', 'permission_source_id'],
            msg: 'field required for a group source',
            type: 'value_error.missing',
          },
        ]);
      }
      this.requireManage(caller, 'a group');
      const group = await this.users.findGroupInTenant(caller.tenantId, reference);
      if (!group) {
        throw new NotFoundError('Group');
      }
      return { type, id: group.id, subject: { user: null, groupId: group.id, scopes: null } };
    }
    const user = await this.users.findInTenant(caller.tenantId, reference ?? caller.userId);
    if (user?.id !== caller.userId) {
      this.requireManage(caller, 'another user');
    }
    if (!user) {
      throw new NotFoundError('User');
    }
    return { type, id: user.id, subject: userSubject(user) };
  }

  /** The existing key's source, for re-checking scopes on update. */
  private async sourceOf(key: ApiKeyEntity): Promise<Source> {
    if (key.permissionSource === 'group') {
      const group = await this.users.findGroupInTenant(key.tenantId, key.permissionSourceId);
      if (!group) {
        throw new BadRequestError('The group that owns this API key no longer exists');
      }
      return { type: 'group', id: group.id, subject: { user: null, groupId: group.id, scopes: null } };
    }
    const user = await this.users.findInTenant(key.tenantId, key.permissionSourceId);
    if (!user) {
      throw new BadRequestError('The user that owns this API key no longer exists');
    }
    return { type: 'user', id: user.id, subject: userSubject(user) };
  }

  private requireManage(caller: Caller, whose: string): void {
    if (!caller.managesTenant) {
      throw new ForbiddenError(`Permission denied: creating API keys for ${whose} requires api_keys:manage`);
    }
  }

  /**
   * The key's permissions (its scopes, or everything the source holds) must be held by the source — else 400 —
   * and, when someone creates a key for another source, by that person too — else 403 (no escalation through keys).
   */
  private async checkScopes(caller: Caller, source: Source, scopes: Permission[] | null): Promise<void> {
    const held = await this.permissions.effective(source.subject, caller.tenantId);
    if (scopes) {
      const missing = notHeld(scopes, held);
      if (missing.length > 0) {
        throw new BadRequestError(
          `Scopes not held by the permission source: ${missing.join(', ')}`,
          'SCOPES_NOT_HELD',
        );
      }
    }
    const isCaller = source.type === 'user' && source.id === caller.userId;
    if (!isCaller && !caller.isPlatformAdmin) {
      const beyond = notHeld(scopes ?? held.list(), caller.permissions);
      if (beyond.length > 0) {
        throw new ForbiddenError(
          `Permission denied: you cannot delegate permissions you do not hold: ${beyond.join(', ')}`,
        );
      }
    }
  }
}

function userSubject(user: {
  id: string;
  tenantId: string;
  isPlatformAdmin: boolean;
  isTenantAdmin: boolean;
}): PermissionSubject {
  return {
    user: {
      id: user.id,
      tenantId: user.tenantId,
      isPlatformAdmin: user.isPlatformAdmin,
      isTenantAdmin: user.isTenantAdmin,
    },
    groupId: null,
    scopes: null,
  };
}

function futureDate(value: string | null | undefined): Date | null {
  if (value === undefined || value === null) {
    return null;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || date.getTime() <= Date.now()) {
    throw new BadRequestError('expires_at must be in the future');
  }
  return date;
}

function isExpired(key: ApiKeyEntity): boolean {
  return key.expiresAt !== null && key.expiresAt.getTime() <= Date.now();
}

function toResponse(key: ApiKeyEntity, pending?: PendingUsage): ApiKeyResponseDto {
  // Uses still counted in Redis (not flushed yet) are merged in, so the numbers are always current.
  const fresher = pending !== undefined && (!key.lastUsedAt || pending.lastUsedAt > key.lastUsedAt);
  return {
    id: key.id,
    name: key.name,
    description: key.description,
    key_prefix: key.keyPrefix,
    status: key.status === 'revoked' ? 'revoked' : isExpired(key) ? 'expired' : 'active',
    permission_source: key.permissionSource,
    permission_source_id: key.permissionSourceId,
    scopes: key.scopes,
    rate_limit: key.rateLimit,
    ip_whitelist: key.ipWhitelist,
    expires_at: key.expiresAt,
    last_used_at: fresher ? pending.lastUsedAt : key.lastUsedAt,
    last_used_ip: fresher ? pending.lastUsedIp : key.lastUsedIp,
    use_count: key.useCount + (pending?.count ?? 0),
    created_at: key.createdAt,
    updated_at: key.updatedAt,
  };
}

/** What the audit trail keeps of a key: never the secret or its hash. */
function auditView(key: ApiKeyEntity): Record<string, unknown> {
  return {
    name: key.name,
    description: key.description,
    key_prefix: key.keyPrefix,
    status: key.status,
    permission_source: key.permissionSource,
    permission_source_id: key.permissionSourceId,
    scopes: key.scopes,
    rate_limit: key.rateLimit,
    ip_whitelist: key.ipWhitelist,
    expires_at: key.expiresAt ? key.expiresAt.toISOString() : null,
  };
}

function auditEntry(verb: string, key: ApiKeyEntity, before: unknown, after: unknown) {
  return {
    action: `api_key.${verb}`,
    resourceType: 'api_key',
    resourceId: key.id,
    resourceName: key.name,
    ...(before !== undefined ? { before } : {}),
    ...(after !== undefined ? { after } : {}),
  };
}
