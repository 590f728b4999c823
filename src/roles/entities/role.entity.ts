import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';
import { Permission } from 'src/auth/permissions';

/** A named set of permissions: one of the seven system roles (tenant_id null), or a tenant's custom role. */
@Entity('roles')
@Index('UQ_ROLES_TENANT_NAME', ['tenantKey', 'name'], { unique: true })
export class RoleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_ROLES_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId: string | null;

  /** MariaDB unique indexes ignore NULLs, so names are kept unique through this non-null copy ('system' or the tenant id). */
  @Column({ name: 'tenant_key', type: 'varchar', length: 36 })
  tenantKey: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ name: 'is_system', type: 'boolean', default: false })
  isSystem: boolean;

  @Column({ type: 'json' })
  permissions: Permission[];

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
