import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

export type UserStatus = 'active' | 'inactive';

/** A ScaiKey user, cached so ScaiDNS can authorise without calling ScaiKey and keep audit history of leavers. */
@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_USERS_SCAIKEY_ID', { unique: true })
  @Column({ name: 'scaikey_user_id', type: 'varchar', length: 64 })
  scaikeyUserId: string;

  @Index('IDX_USERS_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Index('IDX_USERS_EMAIL')
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: UserStatus;

  @Column({ name: 'is_platform_admin', type: 'boolean', default: false })
  isPlatformAdmin: boolean;

  @Column({ name: 'is_tenant_admin', type: 'boolean', default: false })
  isTenantAdmin: boolean;

  /** Kind of principal at ScaiKey: a person, or a service client using client_credentials. */
  @Column({ name: 'principal_kind', type: 'varchar', length: 16, default: 'person' })
  principalKind: 'person' | 'service';

  @Column({ name: 'last_login_at', type: 'datetime', precision: 3, nullable: true })
  lastLoginAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
