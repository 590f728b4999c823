import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CreatedAt } from 'src/database/timestamp-columns';

export type ActorType = 'user' | 'api_key' | 'system' | 'webhook';

/** One state-changing action. Written in the same transaction as the change it records. */
@Entity('audit_logs')
@Index('IDX_AUDIT_LOGS_TENANT_TIME', ['tenantId', 'timestamp'])
@Index('IDX_AUDIT_LOGS_RESOURCE', ['resourceType', 'resourceId'])
@Index('IDX_AUDIT_LOGS_ACTOR', ['actorType', 'actorId'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'tenant_id', type: 'uuid', nullable: true })
  tenantId: string | null;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType: ActorType;

  /** User id, API key id, ScaiKey event id (webhook), or a service name (system). */
  @Column({ name: 'actor_id', type: 'varchar', length: 128, nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_email', type: 'varchar', length: 320, nullable: true })
  actorEmail: string | null;

  /** For API-key actors: the user or group whose permissions the key carries. */
  @Column({ name: 'actor_owner_type', type: 'varchar', length: 8, nullable: true })
  actorOwnerType: 'user' | 'group' | null;

  @Column({ name: 'actor_owner_id', type: 'varchar', length: 64, nullable: true })
  actorOwnerId: string | null;

  @Index('IDX_AUDIT_LOGS_ACTION')
  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ name: 'resource_type', type: 'varchar', length: 32 })
  resourceType: string;

  @Column({ name: 'resource_id', type: 'varchar', length: 128, nullable: true })
  resourceId: string | null;

  @Column({ name: 'resource_name', type: 'varchar', length: 512, nullable: true })
  resourceName: string | null;

  @Column({ type: 'json', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ name: 'ip_address', type: 'varchar', length: 64, nullable: true })
  ipAddress: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 512, nullable: true })
  userAgent: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @CreatedAt('timestamp')
  timestamp: Date;
}
