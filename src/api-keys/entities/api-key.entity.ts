import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from 'src/database/timestamp-columns';
import { Permission } from 'src/auth/permissions';

export type ApiKeyStatus = 'active' | 'revoked';
export type PermissionSource = 'user' | 'group';

/** An automation credential. Only a keyed hash of the secret is stored; the prefix finds the row. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('IDX_API_KEYS_TENANT_ID')
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Index('UQ_API_KEYS_PREFIX', { unique: true })
  @Column({ name: 'key_prefix', type: 'varchar', length: 32 })
  keyPrefix: string;

  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash: string;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: ApiKeyStatus;

  @Column({ name: 'permission_source', type: 'varchar', length: 8 })
  permissionSource: PermissionSource;

  @Index('IDX_API_KEYS_SOURCE_ID')
  @Column({ name: 'permission_source_id', type: 'uuid' })
  permissionSourceId: string;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'json', nullable: true })
  scopes: Permission[] | null;

  @Column({ name: 'rate_limit', type: 'int', nullable: true })
  rateLimit: number | null;

  @Column({ name: 'ip_whitelist', type: 'json', nullable: true })
  ipWhitelist: string[] | null;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3, nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'last_used_at', type: 'datetime', precision: 3, nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'last_used_ip', type: 'varchar', length: 64, nullable: true })
  lastUsedIp: string | null;

  @Column({
    name: 'use_count',
    type: 'bigint',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) },
  })
  useCount: number;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
