import { Column, Entity, PrimaryColumn } from 'typeorm';
import { UpdatedAt } from 'src/database/timestamp-columns';

/** Runtime-editable platform settings (nameservers, validation TTL, ...), edited through /admin/config. */
@Entity('platform_config')
export class PlatformConfigEntity {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @UpdatedAt()
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'varchar', length: 128, nullable: true })
  updatedBy: string | null;
}
