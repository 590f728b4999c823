import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

export const VALIDATION_TYPES = ['txt_record', 'nameservers'] as const;
export type ValidationType = (typeof VALIDATION_TYPES)[number];

export const VALIDATION_STATUSES = [
  'pending',
  'verifying',
  'failed',
  'validated',
  'expired',
  'cancelled',
] as const;
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];

/** One ownership challenge of a zone. A new one supersedes (cancels) the open one. */
@Entity('domain_validations')
@Index('IDX_DOMAIN_VALIDATIONS_DOMAIN', ['domainId', 'createdAt'])
@Index('IDX_DOMAIN_VALIDATIONS_OPEN', ['status', 'expiresAt'])
export class DomainValidationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Column({ name: 'domain_id', type: 'uuid' })
  domainId: string;

  @Column({ name: 'validation_type', type: 'varchar', length: 16 })
  validationType: ValidationType;

  @Column({ type: 'varchar', length: 16 })
  status: ValidationStatus;

  @Column({ name: 'challenge_value', type: 'varchar', length: 128 })
  challengeValue: string;

  @Column({ name: 'last_message', type: 'varchar', length: 1024, nullable: true })
  lastMessage: string | null;

  @Column({ name: 'check_count', type: 'int', default: 0 })
  checkCount: number;

  @Column({ name: 'last_checked_at', type: 'datetime', precision: 3, nullable: true })
  lastCheckedAt: Date | null;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @Column({ name: 'validated_at', type: 'datetime', precision: 3, nullable: true })
  validatedAt: Date | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
