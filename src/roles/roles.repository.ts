import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, IsNull, Repository } from 'typeorm';
import { RoleAssignmentEntity, ScopeType } from 'src/roles/entities/role-assignment.entity';
import { RoleEntity } from 'src/roles/entities/role.entity';

export const SYSTEM_TENANT_KEY = 'system';

export interface AssignmentWithRole {
  assignment: RoleAssignmentEntity;
  role: RoleEntity;
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

  async upsertSystemRole(name: string, description: string, permissions: RoleEntity['permissions']): Promise<void> {
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
    return this.roles.findOne({ where: [{ id, tenantId: IsNull() }, ...(tenantId ? [{ id, tenantId }] : [])] });
  }

  findVisibleByName(tenantId: string | null, name: string): Promise<RoleEntity | null> {
    return this.roles.findOne({
      where: [{ name, tenantId: IsNull() }, ...(tenantId ? [{ name, tenantId }] : [])],
    });
  }

  saveRole(role: RoleEntity): Promise<RoleEntity> {
    return this.roles.save(role);
  }

  createRole(fields: Partial<RoleEntity>): RoleEntity {
    return this.roles.create(fields);
  }

  async deleteRole(tenantId: string, id: string): Promise<void> {
    await this.assignments.delete({ roleId: id });
    await this.roles.delete({ id, tenantId });
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
            inner.orWhere(`(assignment.principal_type = :type${index} AND assignment.principal_id = :id${index})`, {
              [`type${index}`]: principal.type,
              [`id${index}`]: principal.id,
            }),
          ),
        ),
      )
      .andWhere('(assignment.expires_at IS NULL OR assignment.expires_at > NOW(3))')
      .andWhere(
        new Brackets((scope) => {
          scope.where("assignment.scope_type = 'platform'");
          if (tenantId) {
            scope.orWhere("(assignment.scope_type = 'tenant' AND assignment.scope_id = :tenantId)", { tenantId });
          }
          if (domainId) {
            scope.orWhere("(assignment.scope_type = 'domain' AND assignment.scope_id = :domainId)", { domainId });
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
            inner.orWhere(`(assignment.principal_type = :type${index} AND assignment.principal_id = :id${index})`, {
              [`type${index}`]: principal.type,
              [`id${index}`]: principal.id,
            }),
          ),
        ),
      )
      .getMany();
    return rows.map((assignment) => ({
      assignment,
      role: (assignment as RoleAssignmentEntity & { role: RoleEntity }).role,
    }));
  }

  listAssignments(tenantId: string | null, filter: { scopeType?: ScopeType }): Promise<RoleAssignmentEntity[]> {
    return this.assignments.find({
      where: { tenantId: tenantId ?? IsNull(), ...(filter.scopeType ? { scopeType: filter.scopeType } : {}) },
      order: { createdAt: 'ASC' },
    });
  }

  findAssignment(tenantId: string | null, id: string): Promise<RoleAssignmentEntity | null> {
    return this.assignments.findOneBy({ id, tenantId: tenantId ?? IsNull() });
  }

  findDuplicateAssignment(fields: Pick<RoleAssignmentEntity, 'roleId' | 'principalType' | 'principalId' | 'scopeType' | 'scopeKey'>): Promise<RoleAssignmentEntity | null> {
    return this.assignments.findOneBy(fields);
  }

  saveAssignment(fields: Partial<RoleAssignmentEntity>): Promise<RoleAssignmentEntity> {
    return this.assignments.save(this.assignments.create(fields));
  }

  async deleteAssignment(id: string): Promise<void> {
    await this.assignments.delete({ id });
  }
}
