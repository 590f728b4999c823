import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

export const DOMAIN_TYPES = ['primary', 'secondary', 'reverse_ipv4', 'reverse_ipv6'] as const;
export type DomainType = (typeof DOMAIN_TYPES)[number];

export const DOMAIN_STATUSES = ['pending_validation', 'active', 'inactive', 'deleted'] as const;
export type DomainStatus = (typeof DOMAIN_STATUSES)[number];

export const DNSSEC_STATUSES = ['disabled', 'pending_ds', 'active', 'rotating_ksk', 'rotating_zsk'] as const;
export type DnssecStatus = (typeof DNSSEC_STATUSES)[number];

/**
 * A zone of a tenant. MariaDB is the source of truth for zones and records; PowerDNS holds the served copy of
 * every zone that has been published (validated). `live_key` makes (tenant, name) unique among live zones while
 * letting soft-deleted ones keep their name.
 */
@Entity('domains')
@Index('UQ_DOMAINS_TENANT_NAME_LIVE', ['tenantId', 'name', 'liveKey'], { unique: true })
@Index('IDX_DOMAINS_NAME', ['name'])
export class DomainEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_DOMAINS_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  /** Lowercase, punycode, without the trailing dot. */
  @Column({ type: 'varchar', length: 253 })
  name: string;

  @Column({ name: 'domain_type', type: 'varchar', length: 16 })
  domainType: DomainType;

  @Column({ type: 'varchar', length: 24 })
  status: DomainStatus;

  /** The status a soft-deleted zone returns to on restore. */
  @Column({ name: 'status_before_delete', type: 'varchar', length: 24, nullable: true })
  statusBeforeDelete: DomainStatus | null;

  @Column({ name: 'live_key', type: 'varchar', length: 36, default: '' })
  liveKey: string;

  @Column({ name: 'default_ttl', type: 'int' })
  defaultTtl: number;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ type: 'json', nullable: true })
  settings: Record<string, unknown> | null;

  /** True once the zone exists in PowerDNS (it may still be switched off: inactive or deleted). */
  @Column({ type: 'boolean', default: false })
  published: boolean;

  @Column({ name: 'dnssec_enabled', type: 'boolean', default: false })
  dnssecEnabled: boolean;

  @Column({ name: 'dnssec_status', type: 'varchar', length: 16, default: 'disabled' })
  dnssecStatus: DnssecStatus;

  @Column({ type: 'varchar', length: 64, nullable: true })
  cidr: string | null;

  /** A template to apply once the zone is validated (documented: "apply template after validation"). */
  @Column({ name: 'pending_template_id', type: 'uuid', nullable: true })
  pendingTemplateId: string | null;

  @Column({ name: 'pending_template_variables', type: 'json', nullable: true })
  pendingTemplateVariables: Record<string, string> | null;

  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true })
  createdBy: string | null;

  @Column({ name: 'validated_at', type: 'datetime', precision: 3, nullable: true })
  validatedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'datetime', precision: 3, nullable: true })
  deletedAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;

  /** Absolute zone name as PowerDNS knows it. */
  get fqdn(): string {
    return `${this.name}.`;
  }
}
