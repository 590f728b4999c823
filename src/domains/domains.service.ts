import { Injectable } from '@nestjs/common';
import { ZoneAccessService } from 'src/access-grants/zone-access.service';
import { AuditService } from 'src/audit/audit.service';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import { Page, pageRequest, toPage } from 'src/common/pagination/pagination';
import { isDuplicateKeyError } from 'src/database/database-errors';
import { TransactionRunner } from 'src/database/transaction-runner';
import { DomainsRepository } from 'src/domains/domains.repository';
import {
  DomainExistsError,
  DomainHeldElsewhereError,
  DomainStateError,
  InvalidDomainNameError,
} from 'src/domains/domains.errors';
import { auditView, toDomainDetail, toDomainSummary } from 'src/domains/domain.mapper';
import {
  CreateDomainDto,
  DomainDetailDto,
  DomainSummaryDto,
  ListDomainsQueryDto,
  RecordTypesDto,
  UpdateDomainDto,
} from 'src/domains/dto/domain.dto';
import { DomainEntity, DomainStatus } from 'src/domains/entities/domain.entity';
import { DomainValidationService } from 'src/domains/validation/domain-validation.service';
import { ZoneActivationHooks } from 'src/domains/validation/zone-activation.hooks';
import { ZonePublisher } from 'src/domains/zone-publisher.service';
import { PlatformConfigService } from 'src/platform-config/platform-config.service';
import { normaliseZoneName } from 'src/records/content/record-name';
import { RECORD_TYPE_INFO } from 'src/records/content/record-types';
import { RecordsRepository } from 'src/records/records.repository';
import { requireTenant } from 'src/tenants/tenant-context';
import { ZoneLookupService } from 'src/zone-store/zone-lookup.service';

const DEFAULT_TTL = 3600;

/** The zone lifecycle: create (pending or, with validation_bypass, active), update, soft delete, restore, purge. */
@Injectable()
export class DomainsService {
  constructor(
    private readonly domains: DomainsRepository,
    private readonly records: RecordsRepository,
    private readonly zones: ZoneLookupService,
    private readonly access: ZoneAccessService,
    private readonly principals: PrincipalResolver,
    private readonly publisher: ZonePublisher,
    private readonly platform: PlatformConfigService,
    private readonly validation: DomainValidationService,
    private readonly hooks: ZoneActivationHooks,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(context: RequestContext, query: ListDomainsQueryDto): Promise<Page<DomainSummaryDto>> {
    const page = pageRequest(query);
    const tenantWide = (await this.principals.permissionsOf(context)).has('domains:read');
    const [rows, total] = await this.domains.list(
      requireTenant(context),
      {
        status: query.status,
        domainTypes: query.domain_type ? [query.domain_type] : undefined,
        dnssecEnabled: query.dnssec_enabled,
        search: query.search,
        includeDeleted: query.include_deleted,
        onlyIds: tenantWide ? undefined : await this.access.visibleZoneIds(context),
      },
      page,
    );
    return toPage(rows.map(toDomainSummary), total, page);
  }

  async create(context: RequestContext, dto: CreateDomainDto): Promise<DomainDetailDto> {
    const normalised = normaliseZoneName(dto.name);
    if (!normalised.ok) {
      throw new InvalidDomainNameError(normalised.error);
    }
    if (dto.domain_type === 'secondary') {
      throw new DomainStateError(
        'Secondary zones are not supported yet: create a primary zone and import its data',
      );
    }
    const name = normalised.fqdn.replace(/\.$/, '');
    const reverse = name.endsWith('.in-addr.arpa')
      ? 'reverse_ipv4'
      : name.endsWith('.ip6.arpa')
        ? 'reverse_ipv6'
        : null;
    if (
      (dto.domain_type === 'reverse_ipv4' || dto.domain_type === 'reverse_ipv6') &&
      reverse !== dto.domain_type
    ) {
      throw new InvalidDomainNameError(
        `a ${dto.domain_type} zone must end in ${dto.domain_type === 'reverse_ipv4' ? 'in-addr.arpa' : 'ip6.arpa'}`,
      );
    }
    const bypass = (await this.principals.permissionsOf(context)).has('validation:bypass');
    const tenant = requireTenant(context);
    try {
      const domain = await this.transactions.run(async (manager, compensations) => {
        if (await this.domains.findLiveByName(tenant, name, manager)) {
          throw new DomainExistsError();
        }
        await this.assertNotHeldElsewhere(tenant, name);
        const row = this.domains.create({
          tenantId: tenant,
          name,
          domainType: dto.domain_type,
          status: bypass ? 'active' : 'pending_validation',
          liveKey: '',
          defaultTtl: dto.default_ttl ?? DEFAULT_TTL,
          description: dto.description ?? null,
          settings: null,
          cidr: dto.cidr ?? null,
          pendingTemplateId: dto.template_id ?? null,
          pendingTemplateVariables: dto.template_variables ?? null,
          createdBy: context.principal?.userId ?? context.principal?.apiKeyId ?? null,
          validatedAt: bypass ? new Date() : null,
          published: bypass,
        });
        const saved = await this.domains.save(row, manager);
        await this.audit.record(
          context,
          {
            action: 'domain.create',
            resourceType: 'domain',
            resourceId: saved.id,
            resourceName: saved.name,
            after: auditView(saved),
            extra: { validation_bypassed: bypass },
          },
          manager,
        );
        if (bypass) {
          await this.publisher.publish(saved, []);
          compensations.add(`unpublish ${saved.name}`, () => this.publisher.unpublish(saved));
        } else {
          await this.validation.startForNewZone(context, saved, manager);
        }
        return saved;
      });
      if (domain.status === 'active') {
        // Zones that skip validation go live now: run what follows activation (e.g. the template chosen at creation).
        await this.hooks.zoneActivated(context, domain);
      }
      return this.detail(domain);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new DomainExistsError();
      }
      throw error;
    }
  }

  async get(context: RequestContext, id: string, includeDeleted = false): Promise<DomainDetailDto> {
    const { domain } = await this.zones.get(context, id, 'domains:read', { includeDeleted });
    return this.detail(domain);
  }

  async update(context: RequestContext, id: string, dto: UpdateDomainDto): Promise<DomainDetailDto> {
    const { domain } = await this.zones.get(context, id, 'domains:update');
    const updated = await this.transactions.run(async (manager, compensations) => {
      const row = await this.zones.lock(manager, domain);
      const before = auditView(row);
      const previousTtl = row.defaultTtl;
      if (dto.description !== undefined) {
        row.description = dto.description;
      }
      if (dto.default_ttl !== undefined) {
        row.defaultTtl = dto.default_ttl;
      }
      if (dto.settings !== undefined) {
        row.settings = dto.settings;
      }
      const saved = await this.domains.save(row, manager);
      await this.audit.record(
        context,
        {
          action: 'domain.update',
          resourceType: 'domain',
          resourceId: row.id,
          resourceName: row.name,
          before,
          after: auditView(saved),
        },
        manager,
      );
      if (saved.published && saved.defaultTtl !== previousTtl) {
        // The apex NS rrset is served with the zone's default TTL, so PowerDNS has to follow.
        const nameservers = await this.platform.nameservers();
        await this.publisher.rewriteNameservers(saved, nameservers);
        compensations.add(`restore the NS TTL of ${saved.name}`, () =>
          this.publisher.rewriteNameservers(
            { ...saved, defaultTtl: previousTtl, fqdn: saved.fqdn },
            nameservers,
          ),
        );
      }
      return saved;
    });
    return this.detail(updated);
  }

  /** Soft delete: the zone stops being served at once; its records (and DNSSEC keys) are kept for a restore. */
  async softDelete(context: RequestContext, id: string): Promise<void> {
    const { domain } = await this.zones.get(context, id, 'domains:delete');
    await this.transactions.run(async (manager, compensations) => {
      const row = await this.zones.lock(manager, domain);
      const before = auditView(row);
      row.statusBeforeDelete = row.status;
      row.status = 'deleted';
      row.liveKey = row.id;
      row.deletedAt = new Date();
      await this.domains.save(row, manager);
      await this.audit.record(
        context,
        {
          action: 'domain.delete',
          resourceType: 'domain',
          resourceId: row.id,
          resourceName: row.name,
          before,
          after: auditView(row),
        },
        manager,
      );
      if (row.published && row.statusBeforeDelete === 'active') {
        await this.publisher.setServing(row, false);
        compensations.add(`serve ${row.name} again`, () => this.publisher.setServing(row, true));
      }
    });
  }

  /** Hard delete: the zone leaves PowerDNS and every record and grant of it is removed. */
  async hardDelete(context: RequestContext, id: string): Promise<void> {
    const { domain } = await this.zones.get(context, id, 'domains:delete', { includeDeleted: true });
    await this.transactions.run(async (manager) => {
      const row = await this.zones.lock(manager, domain);
      await this.records.deleteAllInZone(manager, row.tenantId, row.id);
      await this.validation.forgetZone(row, manager);
      await this.access.forgetZone(row.tenantId, row.id, manager);
      await this.domains.remove(row, manager);
      await this.audit.record(
        context,
        {
          action: 'domain.delete',
          resourceType: 'domain',
          resourceId: row.id,
          resourceName: row.name,
          before: auditView(row),
          extra: { hard: true },
        },
        manager,
      );
      // Last: nothing can be undone after PowerDNS forgot the zone (and its keys), so it goes only once the rest is done.
      if (row.published) {
        await this.publisher.unpublish(row);
      }
    });
  }

  async restore(context: RequestContext, id: string): Promise<DomainDetailDto> {
    const { domain } = await this.zones.get(context, id, 'domains:delete', { includeDeleted: true });
    if (domain.status !== 'deleted') {
      throw new DomainStateError('Only a deleted domain can be restored');
    }
    const restored = await this.transactions.run(async (manager, compensations) => {
      const row = await this.zones.lock(manager, domain);
      if (await this.domains.findLiveByName(row.tenantId, row.name, manager)) {
        throw new DomainExistsError();
      }
      const status: DomainStatus = row.statusBeforeDelete ?? 'pending_validation';
      if (status === 'active' || status === 'inactive') {
        await this.assertNotHeldElsewhere(row.tenantId, row.name);
      }
      row.status = status;
      row.statusBeforeDelete = null;
      row.liveKey = '';
      row.deletedAt = null;
      const saved = await this.domains.save(row, manager);
      await this.audit.record(
        context,
        {
          action: 'domain.restore',
          resourceType: 'domain',
          resourceId: row.id,
          resourceName: row.name,
          after: auditView(saved),
        },
        manager,
      );
      if (saved.published && status === 'active') {
        await this.publisher.setServing(saved, true);
        compensations.add(`stop serving ${saved.name}`, () => this.publisher.setServing(saved, false));
      }
      return saved;
    });
    return this.detail(restored);
  }

  /** `inactive`: kept and editable, but not served (for example a customer whose contract is paused). */
  async setActive(context: RequestContext, id: string, active: boolean): Promise<DomainDetailDto> {
    const { domain } = await this.zones.get(context, id, 'domains:update');
    const expected: DomainStatus = active ? 'inactive' : 'active';
    if (domain.status !== expected) {
      throw new DomainStateError(
        active ? 'Only an inactive domain can be activated' : 'Only an active domain can be deactivated',
      );
    }
    const changed = await this.transactions.run(async (manager, compensations) => {
      const row = await this.zones.lock(manager, domain);
      const before = auditView(row);
      row.status = active ? 'active' : 'inactive';
      const saved = await this.domains.save(row, manager);
      await this.audit.record(
        context,
        {
          action: active ? 'domain.activate' : 'domain.deactivate',
          resourceType: 'domain',
          resourceId: row.id,
          resourceName: row.name,
          before,
          after: auditView(saved),
        },
        manager,
      );
      await this.publisher.setServing(saved, active);
      compensations.add(`switch ${saved.name} back`, () => this.publisher.setServing(saved, !active));
      return saved;
    });
    return this.detail(changed);
  }

  types(): RecordTypesDto {
    return { data: RECORD_TYPE_INFO.map((info) => ({ ...info })) };
  }

  private async detail(domain: DomainEntity): Promise<DomainDetailDto> {
    const [nameservers, recordCount] = await Promise.all([
      this.platform.nameservers(),
      this.records.countInZone(domain.tenantId, domain.id),
    ]);
    return toDomainDetail(domain, { nameservers, recordCount });
  }

  private async assertNotHeldElsewhere(tenant: string, name: string): Promise<void> {
    const conflict = (await this.domains.findHierarchyConflicts(tenant, name))[0];
    if (conflict) {
      const relation =
        conflict.name === name ? 'same' : name.endsWith(`.${conflict.name}`) ? 'parent' : 'child';
      throw new DomainHeldElsewhereError(name, relation);
    }
  }
}
