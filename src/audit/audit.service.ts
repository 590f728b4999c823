import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditRepository } from 'src/audit/audit.repository';
import { ActorType, AuditLogEntity } from 'src/audit/entities/audit-log.entity';
import { RequestContext } from 'src/common/context/request-context';

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId?: string | null;
  resourceName?: string | null;
  before?: unknown;
  after?: unknown;
  extra?: Record<string, unknown>;
  /** Overrides the context's tenant (e.g. platform admins acting on a tenant record). */
  tenantId?: string | null;
}

/** Who did it, derived from the request context; webhooks and jobs pass their own actor. */
export interface ActorOverride {
  type: ActorType;
  id: string | null;
}

/**
 * Writes the audit trail. Pass the transaction's EntityManager so the entry commits or rolls back together with
 * the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  async record(
    context: RequestContext,
    entry: AuditEntry,
    manager?: EntityManager,
    actor?: ActorOverride,
  ): Promise<AuditLogEntity> {
    const principal = context.principal;
    const details: Record<string, unknown> = { ...entry.extra };
    if (entry.before !== undefined) {
      details.before = entry.before;
    }
    if (entry.after !== undefined) {
      details.after = entry.after;
    }
    return this.audit.insert(
      {
        tenantId: entry.tenantId !== undefined ? entry.tenantId : context.tenantId,
        actorType: actor?.type ?? (principal ? principal.type : 'system'),
        actorId: actor
          ? actor.id
          : principal
            ? principal.type === 'api_key'
              ? principal.apiKeyId
              : principal.userId
            : 'scaidns',
        actorEmail: principal?.email ?? null,
        actorOwnerType: principal?.apiKeyOwner?.type ?? null,
        actorOwnerId: principal?.apiKeyOwner?.id ?? null,
        action: entry.action,
        resourceType: entry.resourceType,
        resourceId: entry.resourceId ?? null,
        resourceName: entry.resourceName ?? null,
        details: Object.keys(details).length > 0 ? details : null,
        ipAddress: context.ip,
        userAgent: context.userAgent,
        requestId: context.requestId,
      },
      manager,
    );
  }
}
