import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ActorOverride, AuditEntry, AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import {
  GroupState,
  PartnerState,
  TenantState,
  UserState,
  stableJson,
} from 'src/scaikey-sync/scaikey-mapping';
import { ScaiKeySyncRepository } from 'src/scaikey-sync/scaikey-sync.repository';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';
import { GroupEntity } from 'src/users/entities/group.entity';
import { UserEntity } from 'src/users/entities/user.entity';

/** Where and as whom cache changes are written. */
export interface CacheWriteScope {
  /** The transaction to write in; null for a dry run (changes are computed, nothing is written or audited). */
  manager: EntityManager | null;
  /** Request id, IP and user agent for the audit entries (the tenant is set per entry). */
  context: RequestContext;
  /** `webhook` + event id, or `system` + "scaikey-sync". */
  actor: ActorOverride;
}

export type CacheEntity = 'partner' | 'tenant' | 'user' | 'group' | 'membership';
export type CacheAction = 'add' | 'update' | 'deactivate' | 'suspend' | 'delete' | 'remove';

/** One change to the cache, as reported by the sync (and its dry run) and audited. */
export interface CacheChange {
  entity: CacheEntity;
  action: CacheAction;
  /** ScaiKey id of the object (for memberships: "<group id>/<user id>"). */
  scaikey_id: string;
  /** Name or e-mail, for people reading the diff. */
  label: string;
  /** ScaiKey id of the tenant it belongs to (null for partners). */
  tenant: string | null;
  /** Changed fields, for updates. */
  fields?: Record<string, { before: unknown; after: unknown }>;
}

export interface Written<T> {
  row: T;
  change: CacheChange | null;
}

/** Id given to rows a dry run would create, so later steps of the same run can refer to them. */
const PENDING = 'pending:';

type FieldSpec<T> = { [K in keyof T]?: string };

const PARTNER_FIELDS: FieldSpec<PartnerEntity> = { name: 'name', slug: 'slug', status: 'status' };
const TENANT_FIELDS: FieldSpec<TenantEntity> = {
  name: 'name',
  slug: 'slug',
  status: 'status',
  partnerId: 'partner_id',
  settings: 'settings',
};
const USER_FIELDS: FieldSpec<UserEntity> = {
  tenantId: 'tenant_id',
  email: 'email',
  name: 'name',
  status: 'status',
  isPlatformAdmin: 'is_platform_admin',
  isTenantAdmin: 'is_tenant_admin',
};
const GROUP_FIELDS: FieldSpec<GroupEntity> = {
  tenantId: 'tenant_id',
  name: 'name',
  description: 'description',
  groupType: 'group_type',
};

/**
 * The one place that changes the identity cache from ScaiKey data, used by the webhook receiver and the sync alike
 * (so both make the same change for the same ScaiKey state). Each method compares the cached row with the desired
 * state, writes only real differences, audits each change in the same transaction and reports it; unchanged
 * objects produce no write and no entry, which is what makes a repeated sync report zero changes.
 */
@Injectable()
export class IdentityCacheWriter {
  constructor(
    private readonly repository: ScaiKeySyncRepository,
    private readonly audit: AuditService,
  ) {}

  async partner(
    scope: CacheWriteScope,
    existing: PartnerEntity | null,
    desired: PartnerState,
  ): Promise<Written<PartnerEntity>> {
    const label = desired.name ?? existing?.name ?? desired.scaikeyPartnerId;
    const persist = (manager: EntityManager, row: PartnerEntity) => this.repository.savePartner(manager, row);
    if (!existing) {
      const row = this.repository.newPartner({
        scaikeyPartnerId: desired.scaikeyPartnerId,
        name: desired.name ?? desired.scaikeyPartnerId,
        slug: desired.slug ?? null,
        status: desired.status ?? 'active',
      });
      const change: CacheChange = {
        entity: 'partner',
        action: 'add',
        scaikey_id: desired.scaikeyPartnerId,
        label,
        tenant: null,
      };
      return this.add(scope, row, change, persist, (saved) => ({
        action: 'partner.create',
        resourceType: 'partner',
        resourceId: saved.id,
        after: snapshot(saved, PARTNER_FIELDS),
        tenantId: null,
      }));
    }
    const fields = changedFields(
      existing,
      { name: desired.name, slug: desired.slug, status: desired.status },
      PARTNER_FIELDS,
    );
    if (!fields) {
      return { row: existing, change: null };
    }
    const deleted = desired.status === 'deleted' && existing.status !== 'deleted';
    const change: CacheChange = {
      entity: 'partner',
      action: deleted ? 'delete' : 'update',
      scaikey_id: existing.scaikeyPartnerId,
      label,
      tenant: null,
      fields: fields.report,
    };
    return this.update(scope, existing, fields.patch, change, persist, (row) => ({
      action: deleted ? 'partner.delete' : 'partner.update',
      resourceType: 'partner',
      resourceId: row.id,
      ...fields.audit,
      tenantId: null,
    }));
  }

  /** `partnerId`: the ScaiDNS id of the tenant's partner (null: none; undefined: keep). */
  async tenant(
    scope: CacheWriteScope,
    existing: TenantEntity | null,
    desired: TenantState,
    partnerId: string | null | undefined,
  ): Promise<Written<TenantEntity>> {
    const label = desired.slug ?? existing?.slug ?? desired.scaikeyTenantId;
    const persist = (manager: EntityManager, row: TenantEntity) => this.repository.saveTenant(manager, row);
    // A suspension made by a ScaiDNS platform admin outlives ScaiKey saying the tenant is active.
    const status = existing?.suspendedByPlatform && desired.status === 'active' ? undefined : desired.status;
    if (!existing) {
      const row = this.repository.newTenant({
        scaikeyTenantId: desired.scaikeyTenantId,
        name: desired.name ?? desired.scaikeyTenantId,
        slug: desired.slug ?? desired.scaikeyTenantId,
        status: desired.status ?? 'active',
        partnerId: partnerId ?? null,
        settings: desired.settings ?? null,
      });
      const change: CacheChange = {
        entity: 'tenant',
        action: 'add',
        scaikey_id: desired.scaikeyTenantId,
        label,
        tenant: desired.scaikeyTenantId,
      };
      return this.add(scope, row, change, persist, (saved) => ({
        action: 'tenant.create',
        resourceType: 'tenant',
        resourceId: saved.id,
        after: snapshot(saved, TENANT_FIELDS),
        tenantId: saved.id,
      }));
    }
    const fields = changedFields(
      existing,
      {
        name: desired.name,
        slug: desired.slug,
        status,
        partnerId,
        settings: desired.settings,
      },
      TENANT_FIELDS,
    );
    if (!fields) {
      return { row: existing, change: null };
    }
    const suspended = status === 'suspended' && existing.status !== 'suspended';
    const activated = status === 'active' && existing.status !== 'active';
    const change: CacheChange = {
      entity: 'tenant',
      action: suspended ? 'suspend' : 'update',
      scaikey_id: existing.scaikeyTenantId,
      label,
      tenant: existing.scaikeyTenantId,
      fields: fields.report,
    };
    return this.update(scope, existing, fields.patch, change, persist, (row) => ({
      action: suspended ? 'tenant.suspend' : activated ? 'tenant.activate' : 'tenant.update',
      resourceType: 'tenant',
      resourceId: row.id,
      resourceName: row.slug,
      ...fields.audit,
      tenantId: row.id,
    }));
  }

  /** `tenantId`: the ScaiDNS id of the user's tenant. */
  async user(
    scope: CacheWriteScope,
    existing: UserEntity | null,
    desired: UserState,
    tenantId: string,
  ): Promise<Written<UserEntity>> {
    const label = desired.email ?? existing?.email ?? desired.scaikeyUserId;
    const persist = (manager: EntityManager, row: UserEntity) => this.repository.saveUser(manager, row);
    if (!existing) {
      const row = this.repository.newUser({
        scaikeyUserId: desired.scaikeyUserId,
        tenantId,
        email: desired.email ?? null,
        name: desired.name ?? null,
        status: desired.status ?? 'active',
        isPlatformAdmin: desired.isPlatformAdmin ?? false,
        isTenantAdmin: desired.isTenantAdmin ?? false,
        principalKind: 'person',
      });
      const change: CacheChange = {
        entity: 'user',
        action: 'add',
        scaikey_id: desired.scaikeyUserId,
        label,
        tenant: desired.tenantScaikeyId,
      };
      return this.add(scope, row, change, persist, (saved) => ({
        action: 'user.create',
        resourceType: 'user',
        resourceId: saved.id,
        resourceName: saved.email,
        after: snapshot(saved, USER_FIELDS),
        tenantId,
      }));
    }
    const fields = changedFields(
      existing,
      {
        tenantId,
        email: desired.email,
        name: desired.name,
        status: desired.status,
        isPlatformAdmin: desired.isPlatformAdmin,
        isTenantAdmin: desired.isTenantAdmin,
      },
      USER_FIELDS,
    );
    if (!fields) {
      return { row: existing, change: null };
    }
    const deactivated = desired.status === 'inactive' && existing.status !== 'inactive';
    const activated = desired.status === 'active' && existing.status !== 'active';
    const change: CacheChange = {
      entity: 'user',
      action: deactivated ? 'deactivate' : 'update',
      scaikey_id: existing.scaikeyUserId,
      label,
      tenant: desired.tenantScaikeyId,
      fields: fields.report,
    };
    return this.update(scope, existing, fields.patch, change, persist, (row) => ({
      action: deactivated ? 'user.deactivate' : activated ? 'user.activate' : 'user.update',
      resourceType: 'user',
      resourceId: row.id,
      resourceName: row.email,
      ...fields.audit,
      tenantId: row.tenantId,
    }));
  }

  async group(
    scope: CacheWriteScope,
    existing: GroupEntity | null,
    desired: GroupState,
    tenantId: string,
  ): Promise<Written<GroupEntity>> {
    const label = desired.name ?? existing?.name ?? desired.scaikeyGroupId;
    const persist = (manager: EntityManager, row: GroupEntity) => this.repository.saveGroup(manager, row);
    if (!existing) {
      const row = this.repository.newGroup({
        scaikeyGroupId: desired.scaikeyGroupId,
        tenantId,
        name: desired.name ?? desired.scaikeyGroupId,
        description: desired.description ?? null,
        groupType: desired.groupType ?? 'SECURITY',
      });
      const change: CacheChange = {
        entity: 'group',
        action: 'add',
        scaikey_id: desired.scaikeyGroupId,
        label,
        tenant: desired.tenantScaikeyId,
      };
      return this.add(scope, row, change, persist, (saved) => ({
        action: 'group.create',
        resourceType: 'group',
        resourceId: saved.id,
        resourceName: saved.name,
        after: snapshot(saved, GROUP_FIELDS),
        tenantId,
      }));
    }
    const fields = changedFields(
      existing,
      { tenantId, name: desired.name, description: desired.description, groupType: desired.groupType },
      GROUP_FIELDS,
    );
    if (!fields) {
      return { row: existing, change: null };
    }
    const change: CacheChange = {
      entity: 'group',
      action: 'update',
      scaikey_id: existing.scaikeyGroupId,
      label,
      tenant: desired.tenantScaikeyId,
      fields: fields.report,
    };
    return this.update(scope, existing, fields.patch, change, persist, (row) => ({
      action: 'group.update',
      resourceType: 'group',
      resourceId: row.id,
      resourceName: row.name,
      ...fields.audit,
      tenantId: row.tenantId,
    }));
  }

  /** Deletes the cached group, its memberships and its role assignments (its API keys stop working with it). */
  async deleteGroup(
    scope: CacheWriteScope,
    group: GroupEntity,
    tenantScaikeyId: string | null,
  ): Promise<CacheChange> {
    const removedAssignments = scope.manager ? await this.repository.deleteGroup(scope.manager, group.id) : 0;
    const change: CacheChange = {
      entity: 'group',
      action: 'delete',
      scaikey_id: group.scaikeyGroupId,
      label: group.name,
      tenant: tenantScaikeyId,
    };
    await this.record(scope, change, {
      action: 'group.delete',
      tenantId: group.tenantId,
      resourceType: 'group',
      resourceId: group.id,
      resourceName: group.name,
      before: snapshot(group, GROUP_FIELDS),
      extra: { removed_assignments: removedAssignments },
    });
    return change;
  }

  async addMember(
    scope: CacheWriteScope,
    group: GroupEntity,
    user: UserEntity,
    tenantScaikeyId: string | null,
  ): Promise<CacheChange> {
    if (scope.manager) {
      await this.repository.addMember(scope.manager, group.id, user.id);
    }
    const change = membershipChange('add', group, user, tenantScaikeyId);
    await this.record(scope, change, memberEntry('group.member_add', group, user));
    return change;
  }

  async removeMember(
    scope: CacheWriteScope,
    group: GroupEntity,
    user: UserEntity,
    tenantScaikeyId: string | null,
  ): Promise<CacheChange> {
    if (scope.manager) {
      await this.repository.removeMember(scope.manager, group.id, user.id);
    }
    const change = membershipChange('remove', group, user, tenantScaikeyId);
    await this.record(scope, change, memberEntry('group.member_remove', group, user));
    return change;
  }

  /** Saves a new row (a dry run gives it a pending id instead), then audits the addition. */
  private async add<T extends { id: string }>(
    scope: CacheWriteScope,
    row: T,
    change: CacheChange,
    persist: (manager: EntityManager, row: T) => Promise<T>,
    entry: (saved: T) => AuditEntry,
  ): Promise<Written<T>> {
    const saved = scope.manager ? await persist(scope.manager, row) : pending(row, change.scaikey_id);
    await this.record(scope, change, entry(saved));
    return { row: saved, change };
  }

  /** Applies the patch to the cached row (a dry run patches a copy instead), then audits the change. */
  private async update<T extends object>(
    scope: CacheWriteScope,
    existing: T,
    patch: Partial<T>,
    change: CacheChange,
    persist: (manager: EntityManager, row: T) => Promise<T>,
    entry: (row: T) => AuditEntry,
  ): Promise<Written<T>> {
    const row = scope.manager
      ? await persist(scope.manager, Object.assign(existing, patch))
      : { ...existing, ...patch };
    await this.record(scope, change, entry(row));
    return { row, change };
  }

  /** Audits a change in the scope's transaction under the entry's tenant (none while that tenant is pending). */
  private async record(scope: CacheWriteScope, change: CacheChange, entry: AuditEntry): Promise<void> {
    if (!scope.manager) {
      return;
    }
    const extra = {
      ...entry.extra,
      scaikey_id: change.scaikey_id,
      source: scope.actor.type === 'webhook' ? 'scaikey_webhook' : 'scaikey_sync',
    };
    const tenantId = entry.tenantId && !isPending(entry.tenantId) ? entry.tenantId : null;
    await this.audit.record(scope.context, { ...entry, tenantId, extra }, scope.manager, scope.actor);
  }
}

export function isPending(id: string): boolean {
  return id.startsWith(PENDING);
}

function pending<T extends { id: string }>(row: T, scaikeyId: string): T {
  row.id = `${PENDING}${scaikeyId}`;
  return row;
}

/** The fields whose desired value (when known) differs from the row, as a patch, a report and audit before/after. */
function changedFields<T extends object>(
  row: T,
  desired: Partial<T>,
  spec: FieldSpec<T>,
): {
  patch: Partial<T>;
  report: Record<string, { before: unknown; after: unknown }>;
  audit: { before: Record<string, unknown>; after: Record<string, unknown> };
} | null {
  const patch: Partial<T> = {};
  const report: Record<string, { before: unknown; after: unknown }> = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const key of Object.keys(spec) as (keyof T)[]) {
    const wanted = desired[key];
    if (wanted === undefined || same(row[key], wanted)) {
      continue;
    }
    const name = spec[key]!;
    patch[key] = wanted;
    report[name] = { before: row[key] ?? null, after: wanted };
    before[name] = row[key] ?? null;
    after[name] = wanted;
  }
  return Object.keys(report).length > 0 ? { patch, report, audit: { before, after } } : null;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' || typeof b === 'object') {
    return stableJson(a ?? null) === stableJson(b ?? null);
  }
  return a === b;
}

function snapshot<T extends object>(row: T, spec: FieldSpec<T>): Record<string, unknown> {
  return Object.fromEntries((Object.keys(spec) as (keyof T)[]).map((key) => [spec[key]!, row[key] ?? null]));
}

function membershipChange(
  action: 'add' | 'remove',
  group: GroupEntity,
  user: UserEntity,
  tenant: string | null,
): CacheChange {
  return {
    entity: 'membership',
    action,
    scaikey_id: `${group.scaikeyGroupId}/${user.scaikeyUserId}`,
    label: `${group.name} / ${user.email ?? user.scaikeyUserId}`,
    tenant,
  };
}

function memberEntry(action: string, group: GroupEntity, user: UserEntity): AuditEntry {
  return {
    action,
    resourceType: 'group',
    resourceId: group.id,
    resourceName: group.name,
    tenantId: group.tenantId,
    extra: { user_id: user.id, scaikey_user_id: user.scaikeyUserId, email: user.email },
  };
}
