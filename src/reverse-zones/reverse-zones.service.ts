import { requireTenant } from 'src/tenants/tenant-context';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ZoneAccessService } from 'src/access-grants/zone-access.service';
import { AuditService } from 'src/audit/audit.service';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { RequestContext } from 'src/common/context/request-context';
import { Page, pageRequest, toPage } from 'src/common/pagination/pagination';
import { isDuplicateKeyError } from 'src/database/database-errors';
import { Compensations, TransactionRunner } from 'src/database/transaction-runner';
import { auditView, toDomainDetail } from 'src/domains/domain.mapper';
import { DomainsRepository } from 'src/domains/domains.repository';
import { DomainHeldElsewhereError } from 'src/domains/domains.errors';
import { DomainEntity } from 'src/domains/entities/domain.entity';
import { DomainValidationService } from 'src/domains/validation/domain-validation.service';
import { ZonePublisher } from 'src/domains/zone-publisher.service';
import { PlatformConfigService } from 'src/platform-config/platform-config.service';
import { RecordEntity } from 'src/records/entities/record.entity';
import { auditRecord } from 'src/records/record.mapper';
import { RecordConflictError } from 'src/records/records.errors';
import { RecordsRepository } from 'src/records/records.repository';
import { DelegationRecord, classlessDelegation } from 'src/reverse-zones/cidr/classless-delegation';
import { formatCidr, overlaps, parseCidr } from 'src/reverse-zones/cidr/ip-cidr';
import {
  ReverseZonePlan,
  ZoneRange,
  classlessParent,
  planReverseZones,
  zoneRangeFromName,
} from 'src/reverse-zones/cidr/reverse-names';
import {
  CreateReverseZoneDto,
  ListReverseZonesQueryDto,
  ParentDelegationDto,
  ReverseZoneDetailDto,
  ReverseZonePreviewDto,
  ReverseZonePreviewRequestDto,
  ReverseZoneSummaryDto,
} from 'src/reverse-zones/dto/reverse-zone.dto';
import { rangeOf, toReverseZoneSummary } from 'src/reverse-zones/reverse-zone.mapper';
import {
  InvalidCidrError,
  ReverseZoneExistsError,
  ReverseZoneOverlapError,
} from 'src/reverse-zones/reverse-zones.errors';
import { ReverseZonesRepository } from 'src/reverse-zones/reverse-zones.repository';
import { ZoneLookupService } from 'src/zone-store/zone-lookup.service';

const DEFAULT_TTL = 3600;
const REVERSE_TYPES = ['reverse_ipv4', 'reverse_ipv6'] as const;

interface CreatedZones {
  zones: DomainEntity[];
  parentDelegation: ParentDelegationDto | null;
  childDelegations: string[];
}

/**
 * Reverse zones from a CIDR: the zone (or zones) it maps to, created like any zone (pending validation unless the
 * caller holds validation:bypass), with RFC 2317 delegations kept in step between a /24 zone and the classless zones
 * inside it when the tenant runs both.
 */
@Injectable()
export class ReverseZonesService {
  constructor(
    private readonly domains: DomainsRepository,
    private readonly records: RecordsRepository,
    private readonly reverse: ReverseZonesRepository,
    private readonly zones: ZoneLookupService,
    private readonly access: ZoneAccessService,
    private readonly principals: PrincipalResolver,
    private readonly publisher: ZonePublisher,
    private readonly platform: PlatformConfigService,
    private readonly validation: DomainValidationService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  preview(dto: ReverseZonePreviewRequestDto): ReverseZonePreviewDto {
    const plan = planOrThrow(dto.cidr);
    const first = plan.zones[0];
    return {
      zone_name: first.name,
      ...rangeOf(plan.cidr),
      domain_type: plan.domainType,
      classless: first.classless,
      parent_zone: first.classless ? classlessParent(first).name : null,
      split: plan.split,
      zones: plan.zones.map((zone) => ({ zone_name: zone.name, ...rangeOf(zone.cidr) })),
    };
  }

  async list(context: RequestContext, query: ListReverseZonesQueryDto): Promise<Page<ReverseZoneSummaryDto>> {
    const page = pageRequest(query);
    const tenantWide = (await this.principals.permissionsOf(context)).has('domains:read');
    const search = query.search?.trim();
    const asCidr = search ? parseCidr(search) : null;
    const [rows, total] = await this.domains.list(
      requireTenant(context),
      {
        domainTypes: [...REVERSE_TYPES],
        search: asCidr?.ok ? formatCidr(asCidr.cidr) : search || undefined,
        onlyIds: tenantWide ? undefined : await this.access.visibleZoneIds(context),
      },
      page,
    );
    return toPage(rows.map(toReverseZoneSummary), total, page);
  }

  async create(context: RequestContext, dto: CreateReverseZoneDto): Promise<ReverseZoneDetailDto> {
    const plan = planOrThrow(dto.cidr);
    const tenant = requireTenant(context);
    const bypass = (await this.principals.permissionsOf(context)).has('validation:bypass');
    const nameservers = await this.platform.nameservers();
    let created: CreatedZones;
    try {
      created = await this.transactions.run(async (manager, compensations) => {
        await this.assertCreatable(tenant, plan, manager);
        const zones: DomainEntity[] = [];
        for (const range of plan.zones) {
          zones.push(await this.insertZone(context, manager, tenant, range, plan, dto, bypass));
        }
        const childDelegations: string[] = [];
        for (const zone of zones) {
          const initial = await this.delegationsToChildren(context, manager, zone, nameservers);
          childDelegations.push(...initial.children);
          if (bypass) {
            await this.publisher.publish(zone, initial.rows);
            compensations.add(`unpublish ${zone.name}`, () => this.publisher.unpublish(zone));
          } else {
            await this.validation.startForNewZone(context, zone, manager);
          }
        }
        const parentDelegation = plan.zones[0].classless
          ? await this.delegateFromParent(
              context,
              manager,
              compensations,
              zones[0],
              plan.zones[0],
              nameservers,
            )
          : null;
        return { zones, parentDelegation, childDelegations };
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new ReverseZoneExistsError(plan.zones.map((zone) => zone.name).join(', '));
      }
      throw error;
    }
    const first = created.zones[0];
    return {
      ...toDomainDetail(first, {
        nameservers,
        recordCount: await this.records.countInZone(tenant, first.id),
      }),
      ...rangeOf(plan.cidr),
      cidr: first.cidr,
      requested_cidr: formatCidr(plan.cidr),
      zones: created.zones.map(toReverseZoneSummary),
      parent_delegation: created.parentDelegation,
      child_delegations: created.childDelegations,
    };
  }

  /** 409 when the tenant already has one of the zones, another tenant holds one (or a parent/child), or overlap. */
  private async assertCreatable(
    tenant: string,
    plan: ReverseZonePlan,
    manager: EntityManager,
  ): Promise<void> {
    const existing = await this.reverse.liveZonesNamed(
      tenant,
      plan.zones.map((zone) => zone.name),
      manager,
    );
    if (existing.length > 0) {
      throw new ReverseZoneExistsError(
        existing
          .map((zone) => zone.name)
          .sort()
          .join(', '),
      );
    }
    for (const range of plan.zones) {
      const conflict = (await this.domains.findHierarchyConflicts(tenant, range.name, manager))[0];
      if (conflict) {
        const relation =
          conflict.name === range.name
            ? 'same'
            : range.name.endsWith(`.${conflict.name}`)
              ? 'parent'
              : 'child';
        throw new DomainHeldElsewhereError(range.name, relation);
      }
    }
    const first = plan.zones[0];
    if (first.classless) {
      // Two classless zones of one /24 that share addresses would both want the parent's CNAMEs.
      for (const sibling of await this.reverse.liveZonesBelow(tenant, classlessParent(first).name, manager)) {
        const range = zoneRangeFromName(sibling.name);
        if (range?.classless && overlaps(range.cidr, first.cidr)) {
          throw new ReverseZoneOverlapError(first.name, sibling.name, formatCidr(range.cidr));
        }
      }
    }
  }

  private async insertZone(
    context: RequestContext,
    manager: EntityManager,
    tenant: string,
    range: ZoneRange,
    plan: ReverseZonePlan,
    dto: CreateReverseZoneDto,
    bypass: boolean,
  ): Promise<DomainEntity> {
    const saved = await this.domains.save(
      this.domains.create({
        tenantId: tenant,
        name: range.name,
        domainType: plan.domainType,
        status: bypass ? 'active' : 'pending_validation',
        liveKey: '',
        defaultTtl: dto.default_ttl ?? DEFAULT_TTL,
        description: dto.description ?? null,
        settings: null,
        cidr: formatCidr(range.cidr),
        pendingTemplateId: null,
        pendingTemplateVariables: null,
        createdBy: context.principal?.userId ?? context.principal?.apiKeyId ?? null,
        validatedAt: bypass ? new Date() : null,
        published: bypass,
      }),
      manager,
    );
    await this.audit.record(
      context,
      {
        action: 'domain.create',
        resourceType: 'domain',
        resourceId: saved.id,
        resourceName: saved.name,
        after: auditView(saved),
        extra: { validation_bypassed: bypass, cidr: saved.cidr, requested_cidr: formatCidr(plan.cidr) },
      },
      manager,
    );
    return saved;
  }

  /**
   * A new /24 zone delegates the tenant's classless zones already inside it (created before their parent): their
   * CNAMEs and NS become records of the new zone, published with it.
   */
  private async delegationsToChildren(
    context: RequestContext,
    manager: EntityManager,
    zone: DomainEntity,
    nameservers: string[],
  ): Promise<{ rows: RecordEntity[]; children: string[] }> {
    const range = zoneRangeFromName(zone.name);
    if (!range || range.cidr.version !== 4 || range.cidr.prefix !== 24) {
      return { rows: [], children: [] };
    }
    const children = (await this.reverse.liveZonesBelow(zone.tenantId, zone.name, manager))
      .map((child) => zoneRangeFromName(child.name))
      .filter((child): child is ZoneRange => child?.classless === true);
    if (children.length === 0) {
      return { rows: [], children: [] };
    }
    const wanted = children.flatMap((child) => classlessDelegation(child, nameservers));
    const rows = await this.records.insert(
      manager,
      wanted.map((record) => delegationRow(zone, record)),
    );
    await this.audit.record(
      context,
      {
        action: 'record.bulk_create',
        resourceType: 'record',
        resourceId: zone.id,
        resourceName: zone.name,
        extra: {
          domain_id: zone.id,
          reason: 'rfc2317_delegation',
          children: children.map((child) => child.name),
          created: rows.map((row) => ({ id: row.id, ...auditRecord(row) })),
        },
      },
      manager,
    );
    return { rows, children: children.map((child) => child.name) };
  }

  /**
   * RFC 2317: when the tenant runs the parent /24 zone, it gets a CNAME per address of the classless range and NS
   * records for the classless label, in the same transaction as the new zone. Records already there with the same
   * content are kept; anything else at those names is a 409 (nothing is created). A parent in another tenant (or
   * none at all) is never touched: the answer says so, and whoever runs the parent adds the delegation.
   */
  private async delegateFromParent(
    context: RequestContext,
    manager: EntityManager,
    compensations: Compensations,
    zone: DomainEntity,
    range: ZoneRange,
    nameservers: string[],
  ): Promise<ParentDelegationDto> {
    const parentName = classlessParent(range).name;
    const [parent] = await this.reverse.liveZonesNamed(zone.tenantId, [parentName], manager);
    if (!parent) {
      return {
        parent_zone: parentName,
        parent_domain_id: null,
        status: 'parent_not_in_tenant',
        records_added: 0,
      };
    }
    if (!(await this.access.forZone(context, parent.id)).allows('records:create')) {
      return {
        parent_zone: parentName,
        parent_domain_id: parent.id,
        status: 'not_permitted',
        records_added: 0,
      };
    }
    const locked = await this.zones.lock(manager, parent);
    const wanted = classlessDelegation(range, nameservers);
    const existing = await this.records.atNames(
      locked.tenantId,
      locked.id,
      wanted.map((record) => record.name),
      manager,
    );
    const matches = (row: RecordEntity, record: DelegationRecord) =>
      row.name === record.name && row.type === record.type && row.content === record.content;
    const conflicts = existing.filter((row) => !wanted.some((record) => matches(row, record)));
    if (conflicts.length > 0) {
      throw new RecordConflictError(
        `The parent zone ${parentName} already has records where the RFC 2317 delegation of ${zone.name} goes ` +
          '(a CNAME per address of the range and NS at the classless name): move or delete them first',
        conflicts.map((row) => row.id),
      );
    }
    const missing = wanted.filter((record) => !existing.some((row) => matches(row, record)));
    const rows = await this.records.insert(
      manager,
      missing.map((record) => delegationRow(locked, record)),
    );
    await this.audit.record(
      context,
      {
        action: 'record.bulk_create',
        resourceType: 'record',
        resourceId: locked.id,
        resourceName: locked.name,
        extra: {
          domain_id: locked.id,
          reason: 'rfc2317_delegation',
          child: zone.name,
          created: rows.map((row) => ({ id: row.id, ...auditRecord(row) })),
        },
      },
      manager,
    );
    const keys = [
      ...new Map(
        missing.map((record) => [`${record.name}|${record.type}`, { name: record.name, type: record.type }]),
      ).values(),
    ];
    if (locked.published && keys.length > 0) {
      await this.publisher.pushRrsets(
        locked,
        keys,
        await this.records.rrsets(manager, locked.tenantId, locked.id, keys),
      );
      compensations.add(`re-push the delegation rrsets of ${locked.name}`, async () => {
        const committed = await this.records.rrsetsOutsideTransaction(locked.tenantId, locked.id, keys);
        await this.publisher.pushRrsets(locked, keys, committed);
      });
    }
    return {
      parent_zone: parentName,
      parent_domain_id: locked.id,
      status: 'delegated',
      records_added: rows.length,
    };
  }
}

function delegationRow(zone: DomainEntity, record: DelegationRecord): Partial<RecordEntity> {
  return {
    tenantId: zone.tenantId,
    domainId: zone.id,
    name: record.name,
    type: record.type,
    content: record.content,
    ttl: zone.defaultTtl,
    disabled: false,
  };
}

export function planOrThrow(cidr: string): ReverseZonePlan {
  const result = planReverseZones(cidr);
  if (!result.ok) {
    throw new InvalidCidrError(result.error);
  }
  return result.plan;
}
