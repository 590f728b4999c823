import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from 'src/database/timestamp-columns';

export type PrincipalType = 'user' | 'group';
export type ScopeType = 'platform' | 'tenant' | 'domain';

/** Gives a role to a user or group at one scope: the whole platform, one tenant, or one zone. */
@Entity('role_assignments')
@Index('UQ_ROLE_ASSIGNMENTS', ['roleId', 'principalType', 'principalId', 'scopeType', 'scopeKey'], {
  unique: true,
})
@Index('IDX_ROLE_ASSIGNMENTS_PRINCIPAL', ['principalType', 'principalId'])
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'role_id', type: 'uuid' })
  roleId: string;

  @Column({ name: 'principal_type', type: 'varchar', length: 8 })
  principalType: PrincipalType;

  @Column({ name: 'principal_id', type: 'uuid' })
  principalId: string;

  @Column({ name: 'scope_type', type: 'varchar', length: 16 })
  scopeType: ScopeType;

  /** Tenant id for tenant scope, zone id for domain scope, null for platform scope. */
  @Column({ name: 'scope_id', type: 'uuid', nullable: true })
  scopeId: string | null;

  /** Non-null copy of scope_id for the unique index ('platform' when scope_id is null). */
  @Column({ name: 'scope_key', type: 'varchar', length: 36 })
  scopeKey: string;

  /** The tenant the assignment lives in (null for platform scope); every tenant query filters on it. */
  @Index('IDX_ROLE_ASSIGNMENTS_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId: string | null;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreatedAt()
  createdAt: Date;
}
