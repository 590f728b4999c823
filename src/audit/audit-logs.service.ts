import { Injectable } from '@nestjs/common';
import { AuditFilter, AuditRepository } from 'src/audit/audit.repository';
import { AuditLogDto, AuditLogPageDto, ListAuditLogsQueryDto } from 'src/audit/dto/audit-log.dto';
import { AuditLogEntity } from 'src/audit/entities/audit-log.entity';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import { ForbiddenError, NotFoundError } from 'src/common/errors/app.exception';
import { RequestValidationException } from 'src/common/errors/request-validation.exception';
import { pageRequest, toPage } from 'src/common/pagination/pagination';
import { isPlatformAdmin, requireTenant } from 'src/tenants/tenant-context';
import { TenantsService } from 'src/tenants/tenants.service';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Reading the audit trail. Tenant admins (and anyone holding `audit:read` in the tenant) read their own tenant's
 * entries; platform admins read every tenant's, narrowed by `tenant_id` or by the X-Tenant-ID header. Another
 * tenant's entry is a 404, never a 403.
 */
@Injectable()
export class AuditLogsService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly principals: PrincipalResolver,
    private readonly tenants: TenantsService,
  ) {}

  /** `tenantHeaderSent`: the caller sent X-Tenant-ID, which narrows a platform admin's default (all tenants). */
  async list(
    context: RequestContext,
    query: ListAuditLogsQueryDto,
    tenantHeaderSent: boolean,
  ): Promise<AuditLogPageDto> {
    await this.assertTenantWideRead(context);
    const page = pageRequest(query);
    const filter: AuditFilter = {
      tenantId: await this.tenantScope(context, query.tenant_id, tenantHeaderSent),
      actorType: query.actor_type,
      actorId: query.actor_id,
      action: query.action,
      resourceType: query.resource_type,
      resourceId: query.resource_id,
      ...dateRange(query.start_date, query.end_date),
    };
    const [rows, total] = await this.audit.list(filter, page);
    return toPage(rows.map(toAuditLogDto), total, page);
  }

  /** One entry; platform admins read any tenant's, everyone else only their own tenant's. */
  async get(context: RequestContext, id: string): Promise<AuditLogDto> {
    await this.assertTenantWideRead(context);
    const entry = await this.audit.findOne(isPlatformAdmin(context) ? null : requireTenant(context), id);
    if (!entry) {
      throw new NotFoundError('Audit log entry');
    }
    return toAuditLogDto(entry);
  }

  /**
   * The route check lets zone-scoped holders through (grants, domain roles); the audit log is tenant-wide, so the
   * permission must be held in the tenant itself. Platform admins hold it everywhere, unless they use an API key
   * whose scopes leave it out.
   */
  private async assertTenantWideRead(context: RequestContext): Promise<void> {
    if (!(await this.principals.permissionsOf(context)).has('audit:read')) {
      throw new ForbiddenError('Permission denied: requires audit:read');
    }
  }

  /** null means every tenant (platform admins only). */
  private async tenantScope(
    context: RequestContext,
    requested: string | undefined,
    tenantHeaderSent: boolean,
  ): Promise<string | null> {
    const admin = isPlatformAdmin(context);
    if (requested === undefined) {
      return admin && !tenantHeaderSent ? null : requireTenant(context);
    }
    const tenant = await this.tenants.findByAnyId(requested);
    if (admin) {
      if (!tenant) {
        throw new NotFoundError('Tenant');
      }
      return tenant.id;
    }
    if (!tenant || tenant.id !== context.tenantId) {
      throw new ForbiddenError('Only platform admins can read the audit log of another tenant');
    }
    return tenant.id;
  }
}

function dateRange(
  start: string | undefined,
  end: string | undefined,
): Pick<AuditFilter, 'startDate' | 'endDate'> {
  const startDate = start === undefined ? undefined : new Date(start);
  // A date alone as end_date covers that whole day.
  const endDate =
    end === undefined
      ? undefined
      : DATE_ONLY.test(end)
        ? new Date(new Date(end).getTime() + DAY_MS - 1)
        : new Date(end);
  const invalid = [
    ['start_date', startDate],
    ['end_date', endDate],
  ].filter(([, date]) => date !== undefined && Number.isNaN((date as Date).getTime()));
  if (invalid.length > 0) {
    throw new RequestValidationException(
      invalid.map(([field]) => ({
        loc: ['query', field as string],
        msg: 'invalid datetime',
        type: 'value_error.datetime',
      })),
    );
  }
  if (startDate && endDate && startDate > endDate) {
    throw new RequestValidationException([
      {
        loc: ['query', 'end_date'],
        msg: 'end_date must not be before start_date',
        type: 'value_error.date_range',
      },
    ]);
  }
  return { startDate, endDate };
}

export function toAuditLogDto(entry: AuditLogEntity): AuditLogDto {
  return {
    id: entry.id,
    tenant_id: entry.tenantId,
    actor_type: entry.actorType,
    actor_id: entry.actorId,
    actor_email: entry.actorEmail,
    actor_owner_type: entry.actorOwnerType,
    actor_owner_id: entry.actorOwnerId,
    action: entry.action,
    resource_type: entry.resourceType,
    resource_id: entry.resourceId,
    resource_name: entry.resourceName,
    details: entry.details,
    ip_address: entry.ipAddress,
    user_agent: entry.userAgent,
    request_id: entry.requestId,
    timestamp: entry.timestamp,
  };
}
