import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, IsNull, Repository } from 'typeorm';
import { PageRequest } from 'src/common/pagination/pagination';
import { AccessGrantEntity } from 'src/access-grants/entities/access-grant.entity';
import { PrincipalType, RoleAssignmentEntity, ScopeType } from 'src/roles/entities/role-assignment.entity';
import { RoleEntity } from 'src/roles/entities/role.entity';

export const SYSTEM_TENANT_KEY = 'system';

export interface AssignmentWithRole {
  assignment: RoleAssignmentEntity;
  role: RoleEntity;
}

export interface AssignmentListFilter {
  /** The tenant whose tenant- and domain-scoped assignments are listed. */
  tenantId: string;
  /** Also list platform-scoped assignments (platform admins only; the service decides). */
  includePlatform: boolean;
  includeExpired: boolean;
  principalType?: PrincipalType;
  principalId?: string;
  scopeType?: ScopeType;
  roleId?: string;
}

@Injectable()
export class RolesRepository {
  constructor(
    @InjectRepository(RoleEntity) private readonly roles: Repository<RoleEntity>,
    @InjectRepository(RoleAssignmentEntity) private readonly assignments: Repository<RoleAssignmentEntity>,
  ) {}

  findSystemRole(name: string): Promise<RoleEntity | null> {
    return this.roles.findOneBy({ tenantKey: SYSTEM_TENANT_KEY, name });
  }

  async upsertSystemRole(
    name: string,
    description: string,
    permissions: RoleEntity['permissions'],
  ): Promise<void> {
    const row =
      (await this.findSystemRole(name)) ??
      this.roles.create({ name, tenantId: null, tenantKey: SYSTEM_TENANT_KEY, isSystem: true });
    row.description = description;
    row.permissions = permissions;
    await this.roles.save(row);
  }

  /** Roles visible in a tenant: the system roles plus the tenant's custom roles. */
  listVisible(tenantId: string | null): Promise<RoleEntity[]> {
    return this.roles.find({
      where: [{ tenantId: IsNull() }, ...(tenantId ? [{ tenantId }] : [])],
      order: { isSystem: 'DESC', name: 'ASC' },
    });
  }

  findVisible(tenantId: string | null, id: string): Promise<RoleEntity | null> {
    return this.roles.findOne({
      where: [{ id, tenantId: IsNull() }, ...(tenantId ? [{ id, tenantId }] : [])],
    });
  }

  findVisibleByName(tenantId: string | null, name: string): Promise<RoleEntity | null> {
    return this.roles.findOne({
      where: [{ name, tenantId: IsNull() }, ...(tenantId ? [{ name, tenantId }] : [])],
    });
  }

  saveRole(role: RoleEntity, manager?: EntityManager): Promise<RoleEntity> {
    return (manager ? manager.getRepository(RoleEntity) : this.roles).save(role);
  }

  createRole(fields: Partial<RoleEntity>): RoleEntity {
    return this.roles.create(fields);
  }

  /** Deletes a tenant's custom role and every assignment of it; returns how many assignments went with it. */
  async deleteRole(tenantId: string, id: string, manager?: EntityManager): Promise<number> {
    const assignments = manager ? manager.getRepository(RoleAssignmentEntity) : this.assignments;
    const roles = manager ? manager.getRepository(RoleEntity) : this.roles;
    const removed = await assignments.delete({ roleId: id });
    // Grants that delegate the role go with it rather than linger granting nothing.
    await (manager ?? this.roles.manager).delete(AccessGrantEntity, { roleId: id, tenantId });
    await roles.delete({ id, tenantId });
    return removed.affected ?? 0;
  }

  /** One page of the roles visible in a tenant: system roles first, then custom roles, by name. */
  listVisiblePage(tenantId: string, page: PageRequest): Promise<[RoleEntity[], number]> {
    return this.roles.findAndCount({
      where: [{ tenantId: IsNull() }, { tenantId }],
      order: { isSystem: 'DESC', name: 'ASC' },
      skip: page.offset,
      take: page.pageSize,
    });
  }

  /** How many of the tenant's (tenant- and domain-scoped) assignments use each role. */
  async countAssignmentsInTenant(tenantId: string, roleIds: string[]): Promise<Map<string, number>> {
    if (roleIds.length === 0) {
      return new Map();
    }
    const rows = await this.assignments
      .createQueryBuilder('assignment')
      .select('assignment.role_id', 'roleId')
      .addSelect('COUNT(*)', 'count')
      .where('assignment.role_id IN (:...roleIds)', { roleIds })
      .andWhere('assignment.tenant_id = :tenantId', { tenantId })
      .groupBy('assignment.role_id')
      .getRawMany<{ roleId: string; count: string }>();
    return new Map(rows.map((row) => [row.roleId, Number(row.count)]));
  }

  /**
   * Unexpired assignments of the given principals that apply in a tenant: platform scope, that tenant's scope,
   * and (when `domainId` is given) that zone's scope.
   */
  async assignmentsFor(
    principals: { type: 'user' | 'group'; id: string }[],
    tenantId: string | null,
    domainId: string | null,
  ): Promise<AssignmentWithRole[]> {
    if (principals.length === 0) {
      return [];
    }
    const query = this.assignments
      .createQueryBuilder('assignment')
      .innerJoinAndMapOne('assignment.role', RoleEntity, 'role', 'role.id = assignment.role_id')
      .where(
        new Brackets((inner) =>
          principals.forEach((principal, index) =>
            inner.orWhere(
              `(assignment.principal_type = :type${index} AND assignment.principal_id = :id${index})`,
              {
                [`type${index}`]: principal.type,
                [`id${index}`]: principal.id,
              },
            ),
          ),
        ),
      )
      .andWhere('(assignment.expires_at IS NULL OR assignment.expires_at > NOW(3))')
      .andWhere(
        new Brackets((scope) => {
          scope.where("assignment.scope_type = 'platform'");
          if (tenantId) {
            scope.orWhere("(assignment.scope_type = 'tenant' AND assignment.scope_id = :tenantId)", {
              tenantId,
            });
          }
          if (domainId) {
            scope.orWhere("(assignment.scope_type = 'domain' AND assignment.scope_id = :domainId)", {
              domainId,
            });
          }
        }),
      );
    const rows = await query.getMany();
    return rows.map((assignment) => ({
      assignment,
      role: (assignment as RoleAssignmentEntity & { role: RoleEntity }).role,
    }));
  }

  /** Domain-scoped assignments of the principals inside one tenant, whatever the zone. */
  async domainAssignmentsInTenant(
    principals: { type: 'user' | 'group'; id: string }[],
    tenantId: string,
  ): Promise<AssignmentWithRole[]> {
    if (principals.length === 0) {
      return [];
    }
    const rows = await this.assignments
      .createQueryBuilder('assignment')
      .innerJoinAndMapOne('assignment.role', RoleEntity, 'role', 'role.id = assignment.role_id')
      .where("assignment.scope_type = 'domain'")
      .andWhere('assignment.tenant_id = :tenantId', { tenantId })
      .andWhere('(assignment.expires_at IS NULL OR assignment.expires_at > NOW(3))')
      .andWhere(
        new Brackets((inner) =>
          principals.forEach((principal, index) =>
            inner.orWhere(
              `(assignment.principal_type = :type${index} AND assignment.principal_id = :id${index})`,
              {
                [`type${index}`]: principal.type,
                [`id${index}`]: principal.id,
              },
            ),
          ),
        ),
      )
      .getMany();
    return rows.map((assignment) => ({
      assignment,
      role: (assignment as RoleAssignmentEntity & { role: RoleEntity }).role,
    }));
  }

  listAssignments(
    tenantId: string | null,
    filter: { scopeType?: ScopeType },
  ): Promise<RoleAssignmentEntity[]> {
    return this.assignments.find({
      where: { tenantId: tenantId ?? IsNull(), ...(filter.scopeType ? { scopeType: filter.scopeType } : {}) },
      order: { createdAt: 'ASC' },
    });
  }

  findAssignment(tenantId: string | null, id: string): Promise<RoleAssignmentEntity | null> {
    return this.assignments.findOneBy({ id, tenantId: tenantId ?? IsNull() });
  }

  findDuplicateAssignment(
    fields: Pick<RoleAssignmentEntity, 'roleId' | 'principalType' | 'principalId' | 'scopeType' | 'scopeKey'>,
    manager?: EntityManager,
  ): Promise<RoleAssignmentEntity | null> {
    return (manager ? manager.getRepository(RoleAssignmentEntity) : this.assignments).findOneBy(fields);
  }

  saveAssignment(
    fields: Partial<RoleAssignmentEntity>,
    manager?: EntityManager,
  ): Promise<RoleAssignmentEntity> {
    const repository = manager ? manager.getRepository(RoleAssignmentEntity) : this.assignments;
    return repository.save(repository.create(fields));
  }

  async deleteAssignment(id: string, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(RoleAssignmentEntity) : this.assignments).delete({ id });
  }

  /** Removes every assignment held by a user or group (e.g. when ScaiKey deletes the group). */
  async deleteAssignmentsOfPrincipal(
    principalType: PrincipalType,
    principalId: string,
    manager?: EntityManager,
  ): Promise<number> {
    const repository = manager ? manager.getRepository(RoleAssignmentEntity) : this.assignments;
    const result = await repository.delete({ principalType, principalId });
    return result.affected ?? 0;
  }

  /**
   * One page of assignments in a tenant (tenant and domain scope), optionally with the platform-scoped ones, each
   * with its role. Expired assignments are left out unless asked for.
   */
  async listAssignmentsPage(
    filter: AssignmentListFilter,
    page: PageRequest,
  ): Promise<[AssignmentWithRole[], number]> {
    const query = this.assignments
      .createQueryBuilder('assignment')
      .innerJoinAndMapOne('assignment.role', RoleEntity, 'role', 'role.id = assignment.role_id')
      .where(
        new Brackets((scope) => {
          scope.where('assignment.tenant_id = :tenantId', { tenantId: filter.tenantId });
          if (filter.includePlatform) {
            scope.orWhere("assignment.scope_type = 'platform'");
          }
        }),
      )
      .orderBy('assignment.createdAt', 'ASC')
      .addOrderBy('assignment.id', 'ASC')
      .skip(page.offset)
      .take(page.pageSize);
    if (!filter.includeExpired) {
      query.andWhere('(assignment.expires_at IS NULL OR assignment.expires_at > NOW(3))');
    }
    const exact: [keyof AssignmentListFilter, string][] = [
      ['principalType', 'principal_type'],
      ['principalId', 'principal_id'],
      ['scopeType', 'scope_type'],
      ['roleId', 'role_id'],
    ];
    for (const [field, column] of exact) {
      if (filter[field] !== undefined) {
        query.andWhere(`assignment.${column} = :${field}`, { [field]: filter[field] });
      }
    }
    const [rows, total] = await query.getManyAndCount();
    return [
      rows.map((assignment) => ({
        assignment,
        role: (assignment as RoleAssignmentEntity & { role: RoleEntity }).role,
      })),
      total,
    ];
  }

  /** One assignment with its role, if it lives in the tenant (or is platform-scoped and those are visible). */
  async findAssignmentVisible(
    tenantId: string,
    id: string,
    includePlatform: boolean,
  ): Promise<AssignmentWithRole | null> {
    const query = this.assignments
      .createQueryBuilder('assignment')
      .innerJoinAndMapOne('assignment.role', RoleEntity, 'role', 'role.id = assignment.role_id')
      .where('assignment.id = :id', { id })
      .andWhere(
        new Brackets((scope) => {
          scope.where('assignment.tenant_id = :tenantId', { tenantId });
          if (includePlatform) {
            scope.orWhere("assignment.scope_type = 'platform'");
          }
        }),
      );
    const row = await query.getOne();
    return row ? { assignment: row, role: (row as RoleAssignmentEntity & { role: RoleEntity }).role } : null;
  }
}
