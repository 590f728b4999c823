import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';

export type GroupType = 'SECURITY' | 'DISTRIBUTION_LIST';

/** A ScaiKey group of users in one tenant; it can hold role assignments and own API keys. */
@Entity('groups')
export class GroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('UQ_GROUPS_SCAIKEY_ID', { unique: true })
  @Column({ name: 'scaikey_group_id', type: 'varchar', length: 64 })
  scaikeyGroupId: string;

  @Index('IDX_GROUPS_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ name: 'group_type', type: 'varchar', length: 32, default: 'SECURITY' })
  groupType: GroupType;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
