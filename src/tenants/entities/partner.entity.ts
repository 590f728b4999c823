import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

/** A ScaiKey partner (MSP or reseller), cached locally. */
@Entity('partners')
export class PartnerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_PARTNERS_SCAIKEY_ID', { unique: true })
  @Column({ name: 'scaikey_partner_id', type: 'varchar', length: 64 })
  scaikeyPartnerId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  slug: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: 'active' | 'suspended' | 'deleted';

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
