import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';
import { DsData } from 'src/dnssec/dnssec-digest';
import { KeyState, KeyType } from 'src/dnssec/dnssec-state-machine';
import { DomainEntity } from 'src/domains/entities/domain.entity';

/**
 * ScaiDNS's view of one DNSSEC key of a zone. PowerDNS holds the key itself (and signs); this row holds its place in
 * the lifecycle (dnssec-state-machine.ts), its schedule and its DS records. Removed keys stay as history; the rows go
 * with their zone on hard delete (foreign key, cascade).
 */
@Entity('dnssec_keys')
@Index('IDX_DNSSEC_KEYS_DOMAIN_STATE', ['domainId', 'state'])
export class DnssecKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_DNSSEC_KEYS_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Column({ name: 'domain_id', type: 'uuid' })
  domainId: string;

  @ManyToOne(() => DomainEntity, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'domain_id', foreignKeyConstraintName: 'FK_DNSSEC_KEYS_DOMAIN' })
  domain?: DomainEntity;

  /** The cryptokey id in PowerDNS. */
  @Column({ name: 'pdns_key_id', type: 'int' })
  pdnsKeyId: number;

  @Column({ name: 'key_type', type: 'varchar', length: 3 })
  keyType: KeyType;

  /** DNSKEY flags: 257 for a KSK, 256 for a ZSK. */
  @Column({ type: 'int' })
  flags: number;

  /** DNSSEC algorithm number (8, 10, 13, 14, 15). */
  @Column({ type: 'int' })
  algorithm: number;

  @Column({ name: 'key_tag', type: 'int' })
  keyTag: number;

  /** The DNSKEY public key, base64. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey: string;

  @Index('IDX_DNSSEC_KEYS_STATE')
  @Column({ type: 'varchar', length: 10 })
  state: KeyState;

  /** Mirrors PowerDNS's `active` flag: the key signs. */
  @Column({ type: 'boolean', default: false })
  active: boolean;

  /** KSK only: its DS records (digest types 1, 2 and 4; only 2 and 4 are offered for publication). */
  @Column({ name: 'ds_records', type: 'json', nullable: true })
  dsRecords: DsData[] | null;

  /** KSK only: when the parent's DS set was seen to contain this key's DS (confirm-ds-published). */
  @Column({ name: 'ds_confirmed_at', type: 'datetime', precision: 3, nullable: true })
  dsConfirmedAt: Date | null;

  /** When the key started, or (pre-published) will start, signing. */
  @Column({ name: 'activate_at', type: 'datetime', precision: 3, nullable: true })
  activateAt: Date | null;

  /** When the key entered retirement (a ZSK stopped signing; a KSK was replaced). */
  @Column({ name: 'retire_at', type: 'datetime', precision: 3, nullable: true })
  retireAt: Date | null;

  /** When a retiring key is due to leave the DNSKEY set. */
  @Column({ name: 'remove_at', type: 'datetime', precision: 3, nullable: true })
  removeAt: Date | null;

  @Column({ name: 'removed_at', type: 'datetime', precision: 3, nullable: true })
  removedAt: Date | null;

  /** End of the key's planned lifetime (KSK 365 days, ZSK 30 days from activation). */
  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt: Date;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
