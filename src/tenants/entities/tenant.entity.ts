import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

export type TenantStatus = 'active' | 'suspended';

/** A ScaiKey tenant, cached locally. Zones, keys, roles and audit entries all belong to one. */
@Entity('tenants')
export class TenantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_TENANTS_SCAIKEY_ID', { unique: true })
  @Column({ name: 'scaikey_tenant_id', type: 'varchar', length: 64 })
  scaikeyTenantId: string;

  @Index('IDX_TENANTS_PARTNER_ID')
  @Column({ name: 'partner_id', type: 'uuid', nullable: true })
  partnerId: string | null;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Index('UQ_TENANTS_SLUG', { unique: true })
  @Column({ type: 'varchar', length: 128 })
  slug: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: TenantStatus;

  /**
   * Suspended by a ScaiDNS platform admin (not by ScaiKey): a webhook or sync reporting the tenant ACTIVE at ScaiKey
   * must not lift it; only a platform admin's activate does.
   */
  @Column({ name: 'suspended_by_platform', type: 'boolean', default: false })
  suspendedByPlatform: boolean;

  @Column({ type: 'json', nullable: true })
  settings: Record<string, unknown> | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
