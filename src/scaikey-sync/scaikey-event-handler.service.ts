import { Injectable } from '@nestjs/common';
import { ScaiKeyAdminClient } from 'src/auth/scaikey/scaikey-admin.client';
import { AppConfig } from 'src/config/app-config';
import {
  CacheChange,
  CacheWriteScope,
  IdentityCacheWriter,
} from 'src/scaikey-sync/identity-cache-writer.service';
import { ScaiKeyEvent } from 'src/scaikey-sync/scaikey-event';
import {
  Loose,
  groupState,
  isObject,
  partnerState,
  tenantState,
  text,
  userState,
} from 'src/scaikey-sync/scaikey-mapping';
import { UnprocessableEventError } from 'src/scaikey-sync/scaikey-sync.errors';
import { ScaiKeySyncRepository } from 'src/scaikey-sync/scaikey-sync.repository';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';
import { GroupEntity } from 'src/users/entities/group.entity';
import { UserEntity } from 'src/users/entities/user.entity';

/** Every event type with an effect on the cache; anything else is acknowledged and ignored. */
export const HANDLED_EVENTS = [
  'partner.created',
  'partner.updated',
  'partner.deleted',
  'tenant.created',
  'tenant.updated',
  'tenant.deleted',
  'user.created',
  'user.updated',
  'user.deleted',
  'user.suspended',
  'user.activated',
  'application.user_assigned',
  'application.user_unassigned',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.member_added',
  'group.member_removed',
] as const;

export type HandledEvent = (typeof HANDLED_EVENTS)[number];

/** Events after which a user's sessions and API keys stop working. */
const DEACTIVATING: readonly string[] = ['user.deleted', 'user.suspended', 'application.user_unassigned'];
/** Events that may make an inactive user active again (a plain `user.updated` only ever deactivates). */
const ACTIVATING: readonly string[] = ['user.created', 'user.activated', 'application.user_assigned'];

/**
 * Applies one verified ScaiKey event to the cache through IdentityCacheWriter, inside the caller's transaction.
 * Objects the event refers to but the cache does not hold yet (the group of a new membership, say) are read from
 * ScaiKey's admin API first.
 */
@Injectable()
export class ScaiKeyEventHandler {
  constructor(
    private readonly repository: ScaiKeySyncRepository,
    private readonly writer: IdentityCacheWriter,
    private readonly scaikey: ScaiKeyAdminClient,
    private readonly config: AppConfig,
  ) {}

  handles(type: string): type is HandledEvent {
    return (HANDLED_EVENTS as readonly string[]).includes(type);
  }

  async handle(scope: CacheWriteScope, event: ScaiKeyEvent & { type: HandledEvent }): Promise<CacheChange[]> {
    switch (event.type) {
      case 'partner.created':
      case 'partner.updated':
      case 'partner.deleted':
        return this.partner(scope, event);
      case 'tenant.created':
      case 'tenant.updated':
      case 'tenant.deleted':
        return this.tenant(scope, event);
      case 'user.created':
      case 'user.updated':
      case 'user.deleted':
      case 'user.suspended':
      case 'user.activated':
      case 'application.user_assigned':
      case 'application.user_unassigned':
        return this.user(scope, event);
      case 'group.created':
      case 'group.updated':
        return this.group(scope, event);
      case 'group.deleted':
        return this.groupDeleted(scope, event);
      case 'group.member_added':
      case 'group.member_removed':
        return this.membership(scope, event);
    }
  }

  /** The tenant an event belongs to, as cached (null when the event names none and the cache cannot tell). */
  async tenantOf(event: ScaiKeyEvent): Promise<TenantEntity | null> {
    return event.tenantId ? this.repository.findTenant(null, event.tenantId) : null;
  }

  private async partner(scope: CacheWriteScope, event: ScaiKeyEvent): Promise<CacheChange[]> {
    const state = partnerState(
      event.data.id ? event.data : { ...event.data, id: event.resourceId ?? event.partnerId },
    );
    if (!state) {
      throw new UnprocessableEventError('the event names no partner');
    }
    const existing = await this.repository.findPartner(scope.manager, state.scaikeyPartnerId);
    if (event.type === 'partner.deleted') {
      if (!existing) {
        return [];
      }
      state.status = 'deleted';
    }
    return compact([(await this.writer.partner(scope, existing, state)).change]);
  }

  private async tenant(scope: CacheWriteScope, event: ScaiKeyEvent): Promise<CacheChange[]> {
    const source = text(event.data.id)
      ? event.data
      : isObject(event.data.tenant)
        ? event.data.tenant
        : { ...event.data, id: event.resourceId ?? event.tenantId };
    const state = tenantState(source);
    if (!state) {
      throw new UnprocessableEventError('the event names no tenant');
    }
    const changes: CacheChange[] = [];
    const existing = await this.repository.findTenant(scope.manager, state.scaikeyTenantId);
    if (event.type === 'tenant.deleted') {
      if (!existing) {
        return [];
      }
      // ScaiDNS keeps a deleted tenant's zones, keys and audit trail: the tenant is suspended, not removed.
      return compact([
        (
          await this.writer.tenant(
            scope,
            existing,
            { scaikeyTenantId: state.scaikeyTenantId, status: 'suspended' },
            undefined,
          )
        ).change,
      ]);
    }
    const partnerRef = isObject(source.partner) ? source.partner : null;
    const partner = await this.ensurePartner(
      scope,
      state.partnerScaikeyId ?? event.partnerId,
      partnerRef,
      changes,
    );
    changes.push(
      ...compact([
        (
          await this.writer.tenant(
            scope,
            existing,
            state,
            partner === undefined ? undefined : (partner?.id ?? null),
          )
        ).change,
      ]),
    );
    return changes;
  }

  private async user(scope: CacheWriteScope, event: ScaiKeyEvent): Promise<CacheChange[]> {
    const data = event.data;
    const userId = event.type.startsWith('application.')
      ? (text(data.user_id) ?? text(data.id))
      : (text(data.id) ?? text(data.user_id) ?? event.resourceId ?? undefined);
    if (!userId) {
      throw new UnprocessableEventError('the event names no user');
    }
    const existing = await this.repository.findUser(scope.manager, userId);
    const deactivating = DEACTIVATING.includes(event.type);
    if (!existing && deactivating) {
      return []; // nothing cached, nothing to take away
    }
    // Events that carry no profile (e.g. a bare assignment) take it from ScaiKey when the user is new here.
    const profile: Loose =
      text(data.email) || existing ? data : ((await this.scaikey.getUser(userId)) as unknown as Loose);
    const tenantKey =
      event.tenantId ??
      text(profile.tenant_id) ??
      (existing
        ? (await this.repository.findTenantById(scope.manager, existing.tenantId))?.scaikeyTenantId
        : undefined);
    if (!tenantKey) {
      throw new UnprocessableEventError('the event names no tenant for the user');
    }
    const changes: CacheChange[] = [];
    const tenant = await this.ensureTenant(scope, tenantKey, profile, event.partnerId, changes);
    const state = userState(
      { ...profile, id: userId },
      tenantKey,
      this.config.security.bootstrapPlatformAdmins,
    )!;
    if (deactivating) {
      state.status = 'inactive';
    } else if (event.type === 'user.activated') {
      state.status = 'active';
    } else if (ACTIVATING.includes(event.type)) {
      state.status = state.status ?? 'active';
    } else if (state.status === 'active' && existing?.status === 'inactive') {
      // A profile update never re-activates: the user may have been unassigned from ScaiDNS. user.activated,
      // a new assignment or the next sync (which knows the assignments) does.
      state.status = undefined;
    }
    changes.push(...compact([(await this.writer.user(scope, existing, state, tenant.id)).change]));
    return changes;
  }

  private async group(scope: CacheWriteScope, event: ScaiKeyEvent): Promise<CacheChange[]> {
    const data = text(event.data.id) ? event.data : { ...event.data, id: event.resourceId };
    const tenantKey = text(data.tenant_id) ?? event.tenantId;
    if (!tenantKey) {
      throw new UnprocessableEventError('the event names no tenant for the group');
    }
    const state = groupState(data, tenantKey);
    if (!state) {
      throw new UnprocessableEventError('the event names no group');
    }
    const changes: CacheChange[] = [];
    const tenant = await this.ensureTenant(scope, tenantKey, data, event.partnerId, changes);
    const existing = await this.repository.findGroup(scope.manager, state.scaikeyGroupId);
    changes.push(...compact([(await this.writer.group(scope, existing, state, tenant.id)).change]));
    return changes;
  }

  private async groupDeleted(scope: CacheWriteScope, event: ScaiKeyEvent): Promise<CacheChange[]> {
    const groupId = text(event.data.id) ?? text(event.data.group_id) ?? event.resourceId;
    if (!groupId) {
      throw new UnprocessableEventError('the event names no group');
    }
    const existing = await this.repository.findGroup(scope.manager, groupId);
    return existing ? [await this.writer.deleteGroup(scope, existing, event.tenantId)] : [];
  }

  private async membership(scope: CacheWriteScope, event: ScaiKeyEvent): Promise<CacheChange[]> {
    const groupId = text(event.data.group_id) ?? event.resourceId;
    const userId = text(event.data.user_id);
    if (!groupId || !userId) {
      throw new UnprocessableEventError('the event needs group_id and user_id');
    }
    const adding = event.type === 'group.member_added';
    const changes: CacheChange[] = [];
    let group = await this.repository.findGroup(scope.manager, groupId);
    let user = await this.repository.findUser(scope.manager, userId);
    if (!adding) {
      if (!group || !user || !(await this.repository.isMember(scope.manager, group.id, user.id))) {
        return [];
      }
      return [await this.writer.removeMember(scope, group, user, event.tenantId)];
    }
    group ??= await this.fetchGroup(scope, groupId, event, changes);
    user ??= await this.fetchUser(scope, userId, event, changes);
    if (await this.repository.isMember(scope.manager, group.id, user.id)) {
      return changes;
    }
    changes.push(await this.writer.addMember(scope, group, user, event.tenantId));
    return changes;
  }

  private async fetchGroup(
    scope: CacheWriteScope,
    groupId: string,
    event: ScaiKeyEvent,
    changes: CacheChange[],
  ): Promise<GroupEntity> {
    const remote = (await this.scaikey.getGroup(groupId)) as unknown as Loose;
    const tenantKey = text(remote.tenant_id) ?? event.tenantId;
    const state = tenantKey ? groupState(remote, tenantKey) : null;
    if (!tenantKey || !state) {
      throw new UnprocessableEventError(`ScaiKey's group ${groupId} has no tenant`);
    }
    const tenant = await this.ensureTenant(scope, tenantKey, remote, event.partnerId, changes);
    const { row, change } = await this.writer.group(scope, null, state, tenant.id);
    changes.push(...compact([change]));
    return row;
  }

  private async fetchUser(
    scope: CacheWriteScope,
    userId: string,
    event: ScaiKeyEvent,
    changes: CacheChange[],
  ): Promise<UserEntity> {
    const remote = (await this.scaikey.getUser(userId)) as unknown as Loose;
    const tenantKey = text(remote.tenant_id) ?? event.tenantId;
    const state = tenantKey
      ? userState(remote, tenantKey, this.config.security.bootstrapPlatformAdmins)
      : null;
    if (!tenantKey || !state) {
      throw new UnprocessableEventError(`ScaiKey's user ${userId} has no tenant`);
    }
    const tenant = await this.ensureTenant(scope, tenantKey, remote, event.partnerId, changes);
    const { row, change } = await this.writer.user(scope, null, state, tenant.id);
    changes.push(...compact([change]));
    return row;
  }

  /**
   * The cached tenant; created when missing. When the payload nests the tenant (`data.tenant: {id, name, slug}`) its
   * name and slug are refreshed too.
   */
  private async ensureTenant(
    scope: CacheWriteScope,
    scaikeyTenantId: string,
    payload: Loose,
    partnerScaikeyId: string | null,
    changes: CacheChange[],
  ): Promise<TenantEntity> {
    const existing = await this.repository.findTenant(scope.manager, scaikeyTenantId);
    const nested =
      isObject(payload.tenant) && text(payload.tenant.id) === scaikeyTenantId ? payload.tenant : null;
    if (existing && !nested) {
      return existing;
    }
    const partnerRef = isObject(payload.partner) ? payload.partner : null;
    const partner = existing
      ? undefined
      : await this.ensurePartner(scope, partnerScaikeyId, partnerRef, changes);
    const state = tenantState(nested ?? { id: scaikeyTenantId })!;
    // A reference carries no status: it never suspends or re-activates the tenant.
    state.status = undefined;
    state.settings = undefined;
    const { row, change } = await this.writer.tenant(
      scope,
      existing,
      state,
      partner === undefined ? undefined : (partner?.id ?? null),
    );
    changes.push(...compact([change]));
    return row;
  }

  /** The cached partner (created when missing, refreshed from a nested reference); undefined when none is named. */
  private async ensurePartner(
    scope: CacheWriteScope,
    scaikeyPartnerId: string | null | undefined,
    ref: Loose | null,
    changes: CacheChange[],
  ): Promise<PartnerEntity | null | undefined> {
    const id = text(ref?.id) ?? scaikeyPartnerId;
    if (!id) {
      return scaikeyPartnerId === null ? null : undefined;
    }
    const existing = await this.repository.findPartner(scope.manager, id);
    if (existing && !ref) {
      return existing;
    }
    const state = partnerState(ref ?? { id })!;
    state.status = undefined;
    const { row, change } = await this.writer.partner(scope, existing, state);
    changes.push(...compact([change]));
    return row;
  }
}

function compact(changes: (CacheChange | null)[]): CacheChange[] {
  return changes.filter((change): change is CacheChange => change !== null);
}
