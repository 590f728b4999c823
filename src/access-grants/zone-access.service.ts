import { Injectable } from '@nestjs/common';
import { AccessGrantsRepository, Grantee } from 'src/access-grants/access-grants.repository';
import { isGrantable } from 'src/access-grants/grantable-permissions';
import { matchesRecordPattern } from 'src/access-grants/record-pattern';
import { Permission } from 'src/auth/permissions';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import { ForbiddenError } from 'src/common/errors/app.exception';
import { RolesRepository } from 'src/roles/roles.repository';
import { UsersService } from 'src/users/users.service';
import { EntityManager } from 'typeorm';

/** A record a caller wants to read or change, as grants see it. */
export interface RecordTarget {
  /** Name relative to the zone (`@` for the apex). */
  relativeName: string;
  type: string;
}

interface ScopedGrant {
  permissions: Set<Permission>;
  pattern: string | null;
  types: string[] | null;
}

/**
 * What a caller may do on one zone: the zone-wide permissions (tenant and platform roles, roles assigned on the
 * zone, grants without a record filter) plus grants narrowed to some record names and types.
 */
export class ZonePermissions {
  constructor(
    private readonly zoneWide: Set<Permission>,
    private readonly scoped: ScopedGrant[],
  ) {}

  /** Allowed for the whole zone, or (with a target) for that record. */
  allows(permission: Permission, target?: RecordTarget): boolean {
    if (this.zoneWide.has(permission)) {
      return true;
    }
    return this.scoped.some(
      (grant) =>
        grant.permissions.has(permission) &&
        (target
          ? (!grant.pattern || matchesRecordPattern(grant.pattern, target.relativeName)) &&
            (!grant.types || grant.types.includes(target.type))
          : false),
    );
  }

  /** Allowed for the whole zone or for at least some of its records (e.g. may list the zone's records). */
  allowsSomewhere(permission: Permission): boolean {
    return this.zoneWide.has(permission) || this.scoped.some((grant) => grant.permissions.has(permission));
  }

  /** Whether reads of this record are allowed (for filtering listings). */
  canSee(target: RecordTarget): boolean {
    return this.allows('records:read', target);
  }

  get hasAny(): boolean {
    return this.zoneWide.size > 0 || this.scoped.length > 0;
  }
}

@Injectable()
export class ZoneAccessService {
  constructor(
    private readonly principals: PrincipalResolver,
    private readonly grants: AccessGrantsRepository,
    private readonly users: UsersService,
    private readonly roles: RolesRepository,
  ) {}

  async forZone(context: RequestContext, domainId: string): Promise<ZonePermissions> {
    const roleBased = await this.principals.permissionsOf(context, domainId);
    const zoneWide = new Set<Permission>(roleBased.list());
    const scoped: ScopedGrant[] = [];
    const scopes = context.principal?.apiKeyScopes ?? null;
    for (const { grant, role } of await this.grantsOf(context, domainId)) {
      // Only zone-level permissions count through a grant, even if the role was edited after it was granted.
      const permissions = new Set(
        role.permissions.filter(
          (permission) => isGrantable(permission) && (!scopes || scopes.includes(permission)),
        ),
      );
      if (!grant.recordPattern && !grant.recordTypes) {
        // Record-level permissions of an unfiltered grant cover the whole zone.
        permissions.forEach((permission) => zoneWide.add(permission));
      } else {
        // A narrowed grant acts on records only; of the rest it keeps the reads, so the grantee can find the zone.
        permissions.forEach((permission) => {
          if (!permission.startsWith('records:') && permission.endsWith(':read')) {
            zoneWide.add(permission);
          }
        });
        scoped.push({ permissions, pattern: grant.recordPattern, types: grant.recordTypes });
      }
    }
    return new ZonePermissions(zoneWide, scoped);
  }

  /** Throws 403 unless the caller may do this on the zone (or on the given record of it). */
  async assert(
    context: RequestContext,
    domainId: string,
    permission: Permission,
    target?: RecordTarget,
  ): Promise<ZonePermissions> {
    const permissions = await this.forZone(context, domainId);
    if (!permissions.allows(permission, target)) {
      throw new ForbiddenError(
        target
          ? `Permission denied: ${permission} on ${target.relativeName} ${target.type}`
          : `Permission denied: requires ${permission} on this zone`,
      );
    }
    return permissions;
  }

  /**
   * Zones of the tenant the caller can see through a grant or a zone-scoped role (for listings by callers without
   * tenant-wide reads).
   */
  async visibleZoneIds(context: RequestContext): Promise<string[]> {
    if (!context.tenantId) {
      return [];
    }
    const grantees = await this.granteesOf(context);
    const [grants, roles] = await Promise.all([
      this.grants.activeFor(context.tenantId, grantees, null),
      this.roles.domainAssignmentsInTenant(grantees, context.tenantId),
    ]);
    return [
      ...new Set([
        ...grants.map(({ grant }) => grant.domainId),
        ...roles.flatMap(({ assignment }) => (assignment.scopeId ? [assignment.scopeId] : [])),
      ]),
    ];
  }

  /** Removes the zone's grants (hard delete of the zone), inside the caller's transaction. */
  async forgetZone(tenantId: string, domainId: string, manager: EntityManager): Promise<void> {
    await this.grants.deleteForDomain(tenantId, domainId, manager);
  }

  private async grantsOf(context: RequestContext, domainId: string | null) {
    if (!context.tenantId) {
      return [];
    }
    return this.grants.activeFor(context.tenantId, await this.granteesOf(context), domainId);
  }

  private async granteesOf(context: RequestContext): Promise<Grantee[]> {
    const principal = context.principal;
    if (!principal) {
      return [];
    }
    if (principal.apiKeyOwner?.type === 'group') {
      return [{ type: 'group', id: principal.apiKeyOwner.id }];
    }
    if (!principal.userId) {
      return [];
    }
    const groups = await this.users.groupIdsOf(principal.userId);
    return [{ type: 'user', id: principal.userId }, ...groups.map((id) => ({ type: 'group' as const, id }))];
  }
}
