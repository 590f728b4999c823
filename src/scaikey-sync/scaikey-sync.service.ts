import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  ScaiKeyAdminClient,
  ScaiKeyGroup,
  ScaiKeyGroupMember,
  ScaiKeyPartner,
  ScaiKeyTenant,
  ScaiKeyUser,
} from 'src/auth/scaikey/scaikey-admin.client';
import { RequestContext } from 'src/common/context/request-context';
import { AppException, NotFoundError } from 'src/common/errors/app.exception';
import { AppConfig } from 'src/config/app-config';
import { PermissionsService } from 'src/roles/permissions.service';
import {
  CacheChange,
  CacheWriteScope,
  IdentityCacheWriter,
} from 'src/scaikey-sync/identity-cache-writer.service';
import {
  Loose,
  groupState,
  partnerState,
  tenantState,
  userState,
  userStatus,
} from 'src/scaikey-sync/scaikey-mapping';
import { ScaiKeySyncLock } from 'src/scaikey-sync/scaikey-sync-lock.service';
import { SyncReport, UsersMethod, countChanges, emptyReport } from 'src/scaikey-sync/scaikey-sync-report';
import { ScaiKeySyncRepository } from 'src/scaikey-sync/scaikey-sync.repository';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';
import { GroupEntity } from 'src/users/entities/group.entity';
import { UserEntity } from 'src/users/entities/user.entity';
import { EntityManager } from 'typeorm';

export interface SyncOptions {
  /** Limit the run to one tenant: ScaiKey id, slug, or ScaiDNS id. */
  tenant?: string | null;
  /** Compute and report the changes without writing anything. */
  dryRun?: boolean;
  /** How long to wait for another running sync before giving up with `skipped_reason: already_running`. */
  waitForLockMs?: number;
  /** Put every change in the report (`changes`) also in a real run; a dry run always lists them. */
  listChanges?: boolean;
  onProgress?: (progress: SyncProgress) => void;
}

export interface SyncProgress {
  phase: 'directory' | 'fetch' | 'apply' | 'done';
  done: number;
  total: number;
  /** The tenant being worked on. */
  label: string;
}

/** Everything fetched from ScaiKey for one tenant. */
interface RemoteTenantIdentities {
  tenant: ScaiKeyTenant;
  users: ScaiKeyUser[];
  /** ScaiKey ids of the users the ScaiDNS application is assigned to; null when found by member walk. */
  assigned: Set<string> | null;
  groups: { group: ScaiKeyGroup; members: ScaiKeyGroupMember[] }[];
}

export const SYNC_ACTOR = { type: 'system', id: 'scaikey-sync' } as const;

/**
 * Pulls the full identity state from ScaiKey's admin API and makes the local cache equal to it, with the same
 * effects the webhooks have: upserts; users no longer assigned to ScaiDNS (or gone) become inactive; groups gone are
 * deleted with their memberships and role assignments; tenants gone are suspended; partners gone are marked deleted.
 * Idempotent: a second run finds nothing to change. Users come from the ScaiDNS application's effective users (fast
 * path); when ScaiKey refuses that endpoint the run falls back to walking each tenant's users and group members.
 */
@Injectable()
export class ScaiKeySyncService {
  private readonly logger = new Logger(ScaiKeySyncService.name);

  constructor(
    private readonly scaikey: ScaiKeyAdminClient,
    private readonly repository: ScaiKeySyncRepository,
    private readonly writer: IdentityCacheWriter,
    private readonly permissions: PermissionsService,
    private readonly lock: ScaiKeySyncLock,
    private readonly config: AppConfig,
  ) {}

  async run(options: SyncOptions = {}): Promise<SyncReport> {
    const started = Date.now();
    const dryRun = options.dryRun ?? false;
    const report = emptyReport(dryRun, options.tenant ?? null);
    // A dry run writes nothing, so it may run beside a real one.
    const held = dryRun ? null : await this.lock.acquire(options.waitForLockMs ?? 0);
    if (!dryRun && !held) {
      report.skipped_reason = 'already_running';
      return report;
    }
    try {
      const changes = await this.execute(report, options, dryRun);
      countChanges(report, changes);
      if (dryRun || options.listChanges) {
        report.changes = changes;
      }
      if (!dryRun && changes.some((change) => change.entity !== 'partner' && change.entity !== 'tenant')) {
        await this.permissions.invalidate();
      }
    } finally {
      await held?.release();
    }
    report.duration_seconds = Math.round((Date.now() - started) / 10) / 100;
    if (!dryRun) {
      this.logger.log(
        `ScaiKey sync${report.tenant ? ` of ${report.tenant}` : ''}: users +${report.users_added} ~${report.users_updated} ` +
          `-${report.users_deactivated}, groups +${report.groups_added} ~${report.groups_updated} -${report.groups_deleted}, ` +
          `memberships +${report.memberships_added} -${report.memberships_removed}, tenants +${report.tenants_added} ` +
          `~${report.tenants_updated} -${report.tenants_suspended} (${report.users_method ?? 'no users'}, ${report.duration_seconds} s)`,
      );
    }
    return report;
  }

  private async execute(report: SyncReport, options: SyncOptions, dryRun: boolean): Promise<CacheChange[]> {
    const progress = options.onProgress ?? (() => undefined);
    const changes: CacheChange[] = [];
    const context = RequestContext.system(null, `scaikey-sync-${randomUUID()}`);
    const inScope = <T>(work: (scope: CacheWriteScope) => Promise<T>): Promise<T> =>
      dryRun
        ? work({ manager: null, context, actor: SYNC_ACTOR })
        : this.repository.transaction((manager: EntityManager) =>
            work({ manager, context, actor: SYNC_ACTOR }),
          );

    // ---- partners and tenants ----
    progress({ phase: 'directory', done: 0, total: 1, label: '' });
    const remotePartners = await this.scaikey.all<ScaiKeyPartner>((query) =>
      this.scaikey.listPartners(query),
    );
    const remoteTenants = await this.scaikey.all<ScaiKeyTenant>((query) => this.scaikey.listTenants(query));
    const partners = new Map((await this.repository.allPartners()).map((row) => [row.scaikeyPartnerId, row]));
    const localTenants = await this.repository.allTenants();
    const tenants = new Map(localTenants.map((row) => [row.scaikeyTenantId, row]));

    const scope = this.scope(options.tenant ?? null, remoteTenants, localTenants);
    const scoped = scope !== null;
    const inScopeTenants = scope ? scope.remote : remoteTenants;
    const partnerIds = new Set(inScopeTenants.map((tenant) => tenant.partner_id).filter(Boolean));
    const inScopePartners = scoped
      ? remotePartners.filter((partner) => partnerIds.has(partner.id))
      : remotePartners;
    report.partners_seen = inScopePartners.length;
    report.tenants_seen = inScopeTenants.length;

    await inScope(async (write) => {
      for (const remote of inScopePartners) {
        const state = partnerState(remote as unknown as Loose);
        if (state) {
          const { row, change } = await this.writer.partner(
            write,
            partners.get(state.scaikeyPartnerId) ?? null,
            state,
          );
          partners.set(state.scaikeyPartnerId, row);
          push(changes, change);
        }
      }
      if (!scoped) {
        const present = new Set(remotePartners.map((partner) => partner.id));
        for (const local of [...partners.values()].filter((row) => !present.has(row.scaikeyPartnerId))) {
          const { change } = await this.writer.partner(write, local, {
            scaikeyPartnerId: local.scaikeyPartnerId,
            status: 'deleted',
          });
          push(changes, change);
        }
      }
      for (const remote of inScopeTenants) {
        const state = tenantState(remote as unknown as Loose);
        if (!state) {
          continue;
        }
        const partnerId = await this.partnerIdOf(write, partners, state.partnerScaikeyId, changes);
        const { row, change } = await this.writer.tenant(
          write,
          tenants.get(state.scaikeyTenantId) ?? null,
          state,
          partnerId,
        );
        tenants.set(state.scaikeyTenantId, row);
        push(changes, change);
      }
      const present = new Set(remoteTenants.map((tenant) => tenant.id));
      const gone = scope ? scope.goneLocal : localTenants.filter((row) => !present.has(row.scaikeyTenantId));
      for (const local of gone) {
        const { change } = await this.writer.tenant(
          write,
          local,
          { scaikeyTenantId: local.scaikeyTenantId, status: 'suspended' },
          undefined,
        );
        push(changes, change);
      }
    });
    progress({ phase: 'directory', done: 1, total: 1, label: '' });

    // ---- users, groups and memberships: fetch everything first, then apply tenant by tenant ----
    const withIdentities = inScopeTenants.filter((tenant) => tenant.status !== 'DELETED');
    const fetched: RemoteTenantIdentities[] = [];
    const methods = new Set<Exclude<UsersMethod, 'mixed'>>();
    let fastPath = true;
    for (const [index, tenant] of withIdentities.entries()) {
      const identities = await this.fetchTenant(tenant, fastPath);
      fastPath = identities.assigned !== null;
      methods.add(fastPath ? 'effective_users' : 'member_walk');
      fetched.push(identities);
      progress({ phase: 'fetch', done: index + 1, total: withIdentities.length, label: tenant.slug });
    }
    report.users_method = methods.size === 0 ? null : methods.size > 1 ? 'mixed' : [...methods][0];

    const remoteUserIds = new Set(fetched.flatMap((item) => item.users.map((user) => user.id)));
    const remoteGroupIds = new Set(fetched.flatMap((item) => item.groups.map(({ group }) => group.id)));
    const localTenantIds = fetched
      .map((item) => tenants.get(item.tenant.id)?.id)
      .filter((id): id is string => !!id && !id.startsWith('pending:'));
    const users = new Map<string, UserEntity>();
    for (const row of [
      ...(await this.repository.personsOfTenants(localTenantIds)),
      ...(await this.repository.usersByScaikeyIds([...remoteUserIds])),
    ]) {
      users.set(row.scaikeyUserId, row);
    }
    const groups = new Map<string, GroupEntity>();
    for (const row of [
      ...(await this.repository.groupsOfTenants(localTenantIds)),
      ...(await this.repository.groupsByScaikeyIds([...remoteGroupIds])),
    ]) {
      groups.set(row.scaikeyGroupId, row);
    }
    const memberships = await this.repository.membershipsOfGroups(
      [...groups.values()].map((group) => group.id),
    );
    const usersById = new Map([...users.values()].map((row) => [row.id, row]));
    const strangers = [...new Set(memberships.map((row) => row.userId))].filter((id) => !usersById.has(id));
    for (const row of await this.repository.usersByIds(strangers)) {
      usersById.set(row.id, row);
    }

    for (const [index, item] of fetched.entries()) {
      const tenant = tenants.get(item.tenant.id)!;
      report.users_seen += item.users.length;
      report.groups_seen += item.groups.length;
      report.memberships_seen += item.groups.reduce((sum, { members }) => sum + members.length, 0);
      await inScope(async (write) => {
        const tenantChanges = await this.applyTenant(write, item, tenant, {
          users,
          usersById,
          groups,
          memberships,
          remoteUserIds,
          remoteGroupIds,
        });
        changes.push(...tenantChanges);
      });
      progress({ phase: 'apply', done: index + 1, total: fetched.length, label: item.tenant.slug });
    }
    progress({ phase: 'done', done: fetched.length, total: fetched.length, label: '' });
    return changes;
  }

  /** Users, groups and memberships of one tenant, in one transaction. */
  private async applyTenant(
    write: CacheWriteScope,
    item: RemoteTenantIdentities,
    tenant: TenantEntity,
    cache: {
      users: Map<string, UserEntity>;
      usersById: Map<string, UserEntity>;
      groups: Map<string, GroupEntity>;
      memberships: { groupId: string; userId: string }[];
      remoteUserIds: Set<string>;
      remoteGroupIds: Set<string>;
    },
  ): Promise<CacheChange[]> {
    const changes: CacheChange[] = [];
    const tenantKey = item.tenant.id;
    const bootstrap = this.config.security.bootstrapPlatformAdmins;

    const listed = new Set<string>();
    for (const remote of item.users) {
      const state = userState(remote as unknown as Loose, tenantKey, bootstrap);
      if (!state) {
        continue;
      }
      listed.add(state.scaikeyUserId);
      // Active only when ScaiKey says ACTIVE and (fast path) the ScaiDNS application is assigned to the user.
      state.status =
        item.assigned && !item.assigned.has(remote.id)
          ? 'inactive'
          : (userStatus(remote.status) ?? 'inactive');
      const { row, change } = await this.writer.user(
        write,
        cache.users.get(state.scaikeyUserId) ?? null,
        state,
        tenant.id,
      );
      cache.users.set(state.scaikeyUserId, row);
      cache.usersById.set(row.id, row);
      push(changes, change);
    }
    // Cached users of this tenant that ScaiKey no longer lists (and who did not just move to another tenant).
    for (const local of [...cache.users.values()]) {
      if (
        local.tenantId !== tenant.id ||
        listed.has(local.scaikeyUserId) ||
        cache.remoteUserIds.has(local.scaikeyUserId)
      ) {
        continue;
      }
      if (local.principalKind !== 'person' || local.status === 'inactive') {
        continue;
      }
      const { row, change } = await this.writer.user(
        write,
        local,
        { scaikeyUserId: local.scaikeyUserId, tenantScaikeyId: tenantKey, status: 'inactive' },
        local.tenantId,
      );
      cache.users.set(row.scaikeyUserId, row);
      cache.usersById.set(row.id, row);
      push(changes, change);
    }

    const remoteGroups = new Set<string>();
    for (const { group: remote, members } of item.groups) {
      const state = groupState(remote as unknown as Loose, tenantKey);
      if (!state) {
        continue;
      }
      remoteGroups.add(state.scaikeyGroupId);
      const { row: group, change } = await this.writer.group(
        write,
        cache.groups.get(state.scaikeyGroupId) ?? null,
        state,
        tenant.id,
      );
      cache.groups.set(state.scaikeyGroupId, group);
      push(changes, change);

      const wanted = new Map<string, UserEntity>();
      for (const member of members) {
        const user = cache.users.get(member.user_id);
        if (user) {
          wanted.set(user.id, user);
        }
      }
      const current = new Set(
        cache.memberships.filter((row) => row.groupId === group.id).map((row) => row.userId),
      );
      for (const [userId, user] of wanted) {
        if (!current.has(userId)) {
          changes.push(await this.writer.addMember(write, group, user, tenantKey));
        }
      }
      for (const userId of current) {
        const user = cache.usersById.get(userId);
        if (!wanted.has(userId) && user) {
          changes.push(await this.writer.removeMember(write, group, user, tenantKey));
        }
      }
    }
    // Cached groups of this tenant that ScaiKey no longer has.
    for (const local of [...cache.groups.values()]) {
      if (
        local.tenantId === tenant.id &&
        !remoteGroups.has(local.scaikeyGroupId) &&
        !cache.remoteGroupIds.has(local.scaikeyGroupId)
      ) {
        changes.push(await this.writer.deleteGroup(write, local, tenantKey));
        cache.groups.delete(local.scaikeyGroupId);
      }
    }
    return changes;
  }

  private async fetchTenant(tenant: ScaiKeyTenant, tryFastPath: boolean): Promise<RemoteTenantIdentities> {
    const users = await this.scaikey.all<ScaiKeyUser>((query) =>
      this.scaikey.listUsers({ ...query, tenant_id: tenant.id }),
    );
    let assigned: Set<string> | null = null;
    if (tryFastPath) {
      try {
        const effective = await this.scaikey.all((query) => this.scaikey.effectiveUsers(tenant.id, query));
        assigned = new Set(effective.map((user) => user.user_id));
      } catch (error) {
        if (!isRefusal(error)) {
          throw error;
        }
        this.logger.warn(
          `ScaiKey refused the effective users of application ${this.config.scaikey.applicationId} in ${tenant.id} ` +
            `(${error instanceof AppException ? String(error.detail) : String(error)}); walking users and group members instead`,
        );
      }
    }
    const groups: RemoteTenantIdentities['groups'] = [];
    for (const group of await this.scaikey.all<ScaiKeyGroup>((query) =>
      this.scaikey.listGroups({ ...query, tenant_id: tenant.id }),
    )) {
      const members = await this.scaikey.all<ScaiKeyGroupMember>((query) =>
        this.scaikey.listGroupMembers(group.id, query),
      );
      groups.push({ group, members });
    }
    return { tenant, users, assigned, groups };
  }

  /** The ScaiDNS id of a partner, creating a minimal row for one ScaiKey did not list. */
  private async partnerIdOf(
    write: CacheWriteScope,
    partners: Map<string, PartnerEntity>,
    scaikeyPartnerId: string | null | undefined,
    changes: CacheChange[],
  ): Promise<string | null | undefined> {
    if (!scaikeyPartnerId) {
      return scaikeyPartnerId;
    }
    const known = partners.get(scaikeyPartnerId);
    if (known) {
      return known.id;
    }
    const { row, change } = await this.writer.partner(write, null, { scaikeyPartnerId });
    partners.set(scaikeyPartnerId, row);
    push(changes, change);
    return row.id;
  }

  /** The tenants a --tenant run covers; null for a full run. */
  private scope(
    reference: string | null,
    remote: ScaiKeyTenant[],
    local: TenantEntity[],
  ): { remote: ScaiKeyTenant[]; goneLocal: TenantEntity[] } | null {
    if (!reference) {
      return null;
    }
    const cached = local.find(
      (row) => row.id === reference || row.scaikeyTenantId === reference || row.slug === reference,
    );
    const found = remote.find(
      (tenant) =>
        tenant.id === reference || tenant.slug === reference || tenant.id === cached?.scaikeyTenantId,
    );
    if (!found && !cached) {
      throw new NotFoundError(`Tenant ${reference}`);
    }
    return { remote: found ? [found] : [], goneLocal: !found && cached ? [cached] : [] };
  }
}

function push(changes: CacheChange[], change: CacheChange | null): void {
  if (change) {
    changes.push(change);
  }
}

/** ScaiKey refused the request (missing scope, unknown application): a reason to use the member walk. */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof AppException &&
    (error.code === 'SCAIKEY_ADMIN_CREDENTIALS' ||
      error.status === 401 ||
      error.status === 403 ||
      error.status === 404)
  );
}
