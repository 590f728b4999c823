import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

export const TEMPLATE_TYPES = ['system', 'custom'] as const;
export type TemplateType = (typeof TEMPLATE_TYPES)[number];

/** One record of a template; `name` and `content` may hold `${variable}` placeholders. TTL null = zone default. */
export interface TemplateRecord {
  name: string;
  type: string;
  content: string;
  ttl: number | null;
}

/** A variable the caller supplies when applying; a default may use built-in placeholders (`postmaster@${domain}`). */
export interface TemplateVariable {
  name: string;
  description: string | null;
  required: boolean;
  default: string | null;
}

/**
 * A set of records to stamp onto zones: a system template (tenant_id null, seeded from code, read-only) or a
 * tenant's custom template. `tenant_key` is a non-null copy of the owner ('system' or the tenant id) so the unique
 * index on (tenant_key, name) also holds for system templates (MariaDB unique indexes ignore NULLs).
 */
@Entity('templates')
@Index('UQ_TEMPLATES_TENANT_NAME', ['tenantKey', 'name'], { unique: true })
export class TemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_TEMPLATES_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId: string | null;

  @Column({ name: 'tenant_key', type: 'varchar', length: 36 })
  tenantKey: string;

  @Column({ name: 'template_type', type: 'varchar', length: 8 })
  templateType: TemplateType;

  /** Stable code name of a system template (its upsert key, so the display name can change); null for custom. */
  @Index('UQ_TEMPLATES_SYSTEM_KEY', { unique: true })
  @Column({ name: 'system_key', type: 'varchar', length: 64, nullable: true })
  systemKey: string | null;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ type: 'json' })
  records: TemplateRecord[];

  @Column({ type: 'json' })
  variables: TemplateVariable[];

  @Column({ name: 'created_by', type: 'varchar', length: 64, nullable: true })
  createdBy: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
