import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

/**
 * One resource record. PowerDNS has rrsets without ids; ScaiDNS keeps each record here (stable id, timestamps,
 * records of zones that are not served yet) and pushes the rrset it belongs to whenever it changes.
 */
@Entity('records')
@Index('IDX_RECORDS_DOMAIN_NAME_TYPE', ['domainId', 'name', 'type'])
export class RecordEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'domain_id', type: 'uuid' })
  domainId: string;

  @Index('IDX_RECORDS_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  /** Absolute, lowercase, punycode, with the trailing dot. */
  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  type: string;

  /** Canonical presentation format (what PowerDNS stores). */
  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'int' })
  ttl: number;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
