import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

export type GrantType = 'user' | 'group';

/**
 * Delegates a role on one zone to a user or group, optionally narrowed to record names matching a glob and to some
 * record types. Additive to role assignments: someone with no tenant role can still manage a zone they hold a grant on.
 */
@Entity('access_grants')
@Index('IDX_ACCESS_GRANTS_DOMAIN', ['domainId'])
@Index('IDX_ACCESS_GRANTS_GRANTEE', ['grantType', 'granteeId'])
export class AccessGrantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_ACCESS_GRANTS_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Column({ name: 'domain_id', type: 'uuid' })
  domainId: string;

  @Column({ name: 'grant_type', type: 'varchar', length: 8 })
  grantType: GrantType;

  @Column({ name: 'grantee_id', type: 'uuid' })
  granteeId: string;

  @Column({ name: 'role_id', type: 'uuid' })
  roleId: string;

  /** Glob on the record name relative to the zone (`*` is the only wildcard), e.g. `*.dev`, `api.*`. */
  @Column({ name: 'record_pattern', type: 'varchar', length: 255, nullable: true })
  recordPattern: string | null;

  @Column({ name: 'record_types', type: 'json', nullable: true })
  recordTypes: string[] | null;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  notes: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true })
  createdBy: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
