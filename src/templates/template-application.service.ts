import { toExistingRecord } from 'src/records/record.mapper';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ZonePermissions } from 'src/access-grants/zone-access.service';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { ForbiddenError } from 'src/common/errors/app.exception';
import { DomainsRepository } from 'src/domains/domains.repository';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { ZoneActivationHooks } from 'src/domains/validation/zone-activation.hooks';
import { RecordEntity } from 'src/records/entities/record.entity';
import { auditRecord, toRecordDto } from 'src/records/record.mapper';
import { RecordsRepository } from 'src/records/records.repository';
import { RecordsService } from 'src/records/records.service';
import { TenantsRepository } from 'src/tenants/tenants.repository';
import {
  ApplyTemplateResultDto,
  SkippedRecordDto,
  TemplatePreviewDto,
} from 'src/templates/dto/template-apply.dto';
import { TemplateEntity } from 'src/templates/entities/template.entity';
import {
  PlannedRecord,
  PreparedTemplate,
  SkippedRecord,
  prepareRendered,
  resolveAgainst,
} from 'src/templates/template-plan';
import { builtinValues, renderRecords, resolveVariables } from 'src/templates/template-variables';
import { MissingTemplateVariablesError } from 'src/templates/templates.errors';
import { TemplatesRepository } from 'src/templates/templates.repository';
import { TemplatesService } from 'src/templates/templates.service';
import { ZoneLookupService } from 'src/zone-store/zone-lookup.service';

interface Applied {
  created: RecordEntity[];
  skipped: SkippedRecord[];
}

/**
 * Stamps a template onto a zone. Rendering and validation happen first (a missing variable or a record that is
 * invalid once rendered refuses everything); then, in one RecordsService.write unit, records already present or
 * in conflict are skipped and the rest created. Pending zones just store the records (served once validated);
 * a template chosen at zone creation is applied here when the zone is validated.
 */
@Injectable()
export class TemplateApplicationService implements OnModuleInit {
  private readonly logger = new Logger(TemplateApplicationService.name);

  constructor(
    private readonly templates: TemplatesService,
    private readonly templateRows: TemplatesRepository,
    private readonly zones: ZoneLookupService,
    private readonly records: RecordsService,
    private readonly recordRows: RecordsRepository,
    private readonly domains: DomainsRepository,
    private readonly tenants: TenantsRepository,
    private readonly activation: ZoneActivationHooks,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.activation.register('apply the template chosen at zone creation', (context, domain) =>
      this.applyPending(context, domain),
    );
  }

  /** What applying would create and skip right now; writes nothing. */
  async preview(
    context: RequestContext,
    templateId: string,
    domainId: string,
    variables: Record<string, string> = {},
  ): Promise<TemplatePreviewDto> {
    const { domain } = await this.zones.get(context, domainId, 'records:read');
    const template = await this.templates.getVisible(context, templateId);
    const prepared = this.prepare(template, domain, variables, await this.tenantSlug(domain));
    const existing = await this.recordRows.atNames(domain.tenantId, domain.id, fqdns(prepared.ready));
    const plan = resolveAgainst(existing.map(toExistingRecord), prepared);
    return {
      template_id: template.id,
      domain_id: domain.id,
      domain_name: domain.name,
      records_to_create: plan.create.map(({ index, record }) => ({
        index,
        name: record.fqdn.replace(/\.$/, ''),
        display_name: record.relative,
        type: record.type,
        content: record.content,
        ttl: record.ttl,
      })),
      skipped_records: plan.skipped.map(toSkippedDto),
      total_to_create: plan.create.length,
      total_skipped: plan.skipped.length,
    };
  }

  async apply(
    context: RequestContext,
    templateId: string,
    domainId: string,
    variables: Record<string, string> = {},
  ): Promise<ApplyTemplateResultDto> {
    const { domain, access } = await this.zones.get(context, domainId, 'records:create');
    const template = await this.templates.getVisible(context, templateId);
    const slug = await this.tenantSlug(domain);
    const applied = await this.records.write(domain, async (manager, zone, touched) => {
      const prepared = this.prepare(template, zone, variables, slug);
      requireCreateOnAll(access, prepared.ready);
      const result = await this.insertInZone(manager, zone, prepared);
      result.created.forEach((row) => touched.add(row.name, row.type));
      await this.auditApply(context, manager, zone, template, variables, result);
      return result;
    });
    return {
      created_records: applied.created.map((row) => toRecordDto(row, domain)),
      skipped_records: applied.skipped.map(toSkippedDto),
      total_created: applied.created.length,
      total_skipped: applied.skipped.length,
    };
  }

  /**
   * The zone-activation listener: applies the template stored on the zone at creation, then clears it. A template
   * that no longer exists or no longer renders (e.g. a required variable was never given) is dropped with an audit
   * entry saying why; the zone stays active either way.
   */
  async applyPending(context: RequestContext, domain: DomainEntity): Promise<void> {
    const templateId = domain.pendingTemplateId;
    if (!templateId) {
      return;
    }
    const template = await this.templateRows.findVisible(domain.tenantId, templateId);
    const slug = await this.tenantSlug(domain);
    await this.records.write(domain, async (manager, zone, touched) => {
      if (zone.pendingTemplateId !== templateId) {
        return; // applied (or replaced) by a concurrent activation
      }
      const variables = zone.pendingTemplateVariables ?? {};
      zone.pendingTemplateId = null;
      zone.pendingTemplateVariables = null;
      await this.domains.save(zone, manager);
      let prepared: PreparedTemplate;
      try {
        if (!template) {
          throw new Error('the template no longer exists');
        }
        prepared = this.prepare(template, zone, variables, slug);
      } catch (error) {
        const reason = describeFailure(error);
        this.logger.warn(
          `Template ${templateId} chosen at creation of ${zone.name} was not applied: ${reason}`,
        );
        await this.audit.record(
          context,
          {
            action: 'template.apply',
            resourceType: 'template',
            resourceId: templateId,
            resourceName: template?.name ?? null,
            tenantId: zone.tenantId,
            extra: {
              domain_id: zone.id,
              domain_name: zone.name,
              on_activation: true,
              outcome: 'failed',
              error: reason,
            },
          },
          manager,
        );
        return;
      }
      const result = await this.insertInZone(manager, zone, prepared);
      result.created.forEach((row) => touched.add(row.name, row.type));
      await this.auditApply(context, manager, zone, template, variables, result, true);
    });
  }

  private prepare(
    template: TemplateEntity,
    zone: DomainEntity,
    supplied: Record<string, string>,
    tenantSlug: string,
  ): PreparedTemplate {
    const builtins = builtinValues({ zoneName: zone.name, tenantSlug, now: new Date() });
    const resolved = resolveVariables(template.variables, supplied, builtins);
    if (resolved.missing.length > 0) {
      throw new MissingTemplateVariablesError(resolved.missing);
    }
    return prepareRendered(zone.fqdn, zone.defaultTtl, renderRecords(template.records, resolved));
  }

  private async insertInZone(
    manager: EntityManager,
    zone: DomainEntity,
    prepared: PreparedTemplate,
  ): Promise<Applied> {
    const existing = await this.recordRows.atNames(zone.tenantId, zone.id, fqdns(prepared.ready), manager);
    const plan = resolveAgainst(existing.map(toExistingRecord), prepared);
    const created = await this.recordRows.insert(
      manager,
      plan.create.map(({ record }) => ({
        tenantId: zone.tenantId,
        domainId: zone.id,
        name: record.fqdn,
        type: record.type,
        content: record.content,
        ttl: record.ttl,
        disabled: false,
      })),
    );
    return { created, skipped: plan.skipped };
  }

  private async auditApply(
    context: RequestContext,
    manager: EntityManager,
    zone: DomainEntity,
    template: TemplateEntity,
    variables: Record<string, string>,
    result: Applied,
    onActivation = false,
  ): Promise<void> {
    await this.audit.record(
      context,
      {
        action: 'template.apply',
        resourceType: 'template',
        resourceId: template.id,
        resourceName: template.name,
        tenantId: zone.tenantId,
        extra: {
          domain_id: zone.id,
          domain_name: zone.name,
          on_activation: onActivation,
          outcome: 'applied',
          variables,
          created: result.created.map((row) => ({ id: row.id, ...auditRecord(row) })),
          skipped: result.skipped.map((skip) => ({
            name: skip.name,
            type: skip.type,
            content: skip.content,
            reason: skip.reason,
          })),
        },
      },
      manager,
    );
  }

  private async tenantSlug(domain: DomainEntity): Promise<string> {
    const tenant = await this.tenants.findById(domain.tenantId);
    return tenant?.slug ?? '';
  }
}

function requireCreateOnAll(access: ZonePermissions, planned: readonly PlannedRecord[]): void {
  for (const { record } of planned) {
    if (!access.allows('records:create', { relativeName: record.relative, type: record.type })) {
      throw new ForbiddenError(`Permission denied: records:create on ${record.relative} ${record.type}`);
    }
  }
}

function fqdns(planned: readonly PlannedRecord[]): string[] {
  return planned.map(({ record }) => record.fqdn);
}

function toSkippedDto(skip: SkippedRecord): SkippedRecordDto {
  return { ...skip };
}

function describeFailure(error: unknown): string {
  const detail = (error as { detail?: unknown }).detail;
  if (typeof detail === 'string') {
    return detail;
  }
  if (detail && typeof detail === 'object' && typeof (detail as { message?: unknown }).message === 'string') {
    return (detail as { message: string }).message;
  }
  return error instanceof Error ? error.message : String(error);
}
