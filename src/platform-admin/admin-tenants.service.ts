import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { Page, pageRequest, toPage } from 'src/common/pagination/pagination';
import { isDuplicateKeyError } from 'src/database/database-errors';
import { TransactionRunner } from 'src/database/transaction-runner';
import {
  CreateTenantDto,
  TenantDetailDto,
  TenantDto,
  TenantListQueryDto,
  UpdateTenantDto,
} from 'src/platform-admin/dto/admin-tenant.dto';
import {
  InvalidTenantUpdateError,
  PartnerNotFoundError,
  TenantExistsError,
  TenantNotFoundError,
} from 'src/platform-admin/platform-admin.errors';
import { tenantAuditView, toTenantDetailDto, toTenantDto } from 'src/platform-admin/platform-admin.mapper';
import { PlatformTenantsRepository } from 'src/platform-admin/platform-tenants.repository';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity, TenantStatus } from 'src/tenants/entities/tenant.entity';
import { isUuid } from 'src/tenants/tenants.repository';

/** Settings are free-form, but bounded: they are stored in one JSON column and returned with every tenant. */
const MAX_SETTINGS_BYTES = 64 * 1024;

/**
 * /admin/tenants: the platform's view of the tenant cache. Tenants normally arrive from ScaiKey (webhooks and
 * sync); creating one here pre-provisions the cache entry for a ScaiKey tenant. Suspending a tenant refuses its users
 * and API keys (403) while its zones keep being served.
 */
@Injectable()
export class AdminTenantsService {
  constructor(
    private readonly tenants: PlatformTenantsRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(_context: RequestContext, query: TenantListQueryDto): Promise<Page<TenantDto>> {
    const page = pageRequest(query);
    let partnerId: string | undefined;
    if (query.partner_id) {
      const partner = await this.tenants.findPartner(query.partner_id);
      if (!partner) {
        return toPage([], 0, page);
      }
      partnerId = partner.id;
    }
    const [rows, total] = await this.tenants.listTenants(
      { status: query.status, search: query.search, partnerId },
      page,
    );
    const partners = await this.partnersOf(rows);
    return toPage(
      rows.map((tenant) =>
        toTenantDto(tenant, tenant.partnerId ? (partners.get(tenant.partnerId) ?? null) : null),
      ),
      total,
      page,
    );
  }

  async get(_context: RequestContext, reference: string): Promise<TenantDetailDto> {
    return this.detail(await this.findOrThrow(reference));
  }

  async create(context: RequestContext, dto: CreateTenantDto): Promise<TenantDetailDto> {
    if (isUuid(dto.slug)) {
      throw new InvalidTenantUpdateError(
        'slug cannot have the form of a UUID (it would read as a tenant id)',
      );
    }
    assertSettingsSize(dto.settings);
    const partner = dto.partner_id ? await this.tenants.findPartner(dto.partner_id) : null;
    if (dto.partner_id && !partner) {
      throw new PartnerNotFoundError();
    }
    try {
      const created = await this.transactions.run(async (manager) => {
        const clash = (await this.tenants.findClashing([dto.slug, dto.scaikey_tenant_id], manager))[0];
        if (clash) {
          throw new TenantExistsError(clashMessage(clash, dto));
        }
        const row = await this.tenants.saveTenant(
          manager,
          this.tenants.createTenant({
            scaikeyTenantId: dto.scaikey_tenant_id,
            name: dto.name.trim(),
            slug: dto.slug,
            status: 'active',
            partnerId: partner?.id ?? null,
            settings: dto.settings ?? null,
          }),
        );
        await this.audit.record(
          context,
          {
            action: 'tenant.create',
            resourceType: 'tenant',
            resourceId: row.id,
            resourceName: row.slug,
            after: tenantAuditView(row),
            tenantId: row.id,
          },
          manager,
        );
        return row;
      });
      return this.detail(created);
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new TenantExistsError('A tenant with this slug or ScaiKey id already exists');
      }
      throw error;
    }
  }

  async update(context: RequestContext, reference: string, dto: UpdateTenantDto): Promise<TenantDetailDto> {
    if (dto.name === undefined && dto.settings === undefined && dto.status === undefined) {
      throw new InvalidTenantUpdateError('Nothing to update: send name, settings or status');
    }
    assertSettingsSize(dto.settings);
    const tenant = await this.findOrThrow(reference);
    return this.change(context, tenant, (row) => {
      if (dto.name !== undefined) {
        row.name = dto.name.trim();
      }
      if (dto.settings !== undefined) {
        row.settings = dto.settings;
      }
      if (dto.status !== undefined) {
        row.status = dto.status;
        row.suspendedByPlatform = dto.status === 'suspended';
      }
    });
  }

  /** Suspends or re-activates; doing it twice changes nothing (and writes no audit entry). */
  async setStatus(
    context: RequestContext,
    reference: string,
    status: TenantStatus,
  ): Promise<TenantDetailDto> {
    const tenant = await this.findOrThrow(reference);
    return this.change(context, tenant, (row) => {
      row.status = status;
      row.suspendedByPlatform = status === 'suspended';
    });
  }

  private async change(
    context: RequestContext,
    tenant: TenantEntity,
    apply: (row: TenantEntity) => void,
  ): Promise<TenantDetailDto> {
    const saved = await this.transactions.run(async (manager) => {
      const row = await this.tenants.lockTenant(manager, tenant.id);
      if (!row) {
        throw new TenantNotFoundError();
      }
      const before = tenantAuditView(row);
      apply(row);
      const after = tenantAuditView(row);
      if (JSON.stringify(before) === JSON.stringify(after)) {
        return row;
      }
      const next = await this.tenants.saveTenant(manager, row);
      const action =
        before.status !== after.status
          ? after.status === 'suspended'
            ? 'tenant.suspend'
            : 'tenant.activate'
          : 'tenant.update';
      await this.audit.record(
        context,
        {
          action,
          resourceType: 'tenant',
          resourceId: row.id,
          resourceName: row.slug,
          before,
          after,
          tenantId: row.id,
        },
        manager,
      );
      return next;
    });
    return this.detail(saved);
  }

  private async findOrThrow(reference: string): Promise<TenantEntity> {
    const tenant = await this.tenants.findTenant(reference);
    if (!tenant) {
      throw new TenantNotFoundError();
    }
    return tenant;
  }

  private async detail(tenant: TenantEntity): Promise<TenantDetailDto> {
    const [partners, counts] = await Promise.all([
      this.partnersOf([tenant]),
      this.tenants.countsOf(tenant.id),
    ]);
    return toTenantDetailDto(
      tenant,
      tenant.partnerId ? (partners.get(tenant.partnerId) ?? null) : null,
      counts,
    );
  }

  private async partnersOf(tenants: TenantEntity[]): Promise<Map<string, PartnerEntity>> {
    const ids = [
      ...new Set(tenants.map((tenant) => tenant.partnerId).filter((id): id is string => id !== null)),
    ];
    return new Map((await this.tenants.findPartnersByIds(ids)).map((partner) => [partner.id, partner]));
  }
}

function assertSettingsSize(settings: Record<string, unknown> | null | undefined): void {
  if (settings && Buffer.byteLength(JSON.stringify(settings)) > MAX_SETTINGS_BYTES) {
    throw new InvalidTenantUpdateError(`settings are larger than ${MAX_SETTINGS_BYTES / 1024} KB`);
  }
}

function clashMessage(clash: TenantEntity, dto: CreateTenantDto): string {
  if (clash.slug === dto.slug) {
    return `A tenant with the slug '${dto.slug}' already exists`;
  }
  if (clash.scaikeyTenantId === dto.scaikey_tenant_id) {
    return `A tenant with the ScaiKey id '${dto.scaikey_tenant_id}' already exists`;
  }
  return clash.scaikeyTenantId === dto.slug
    ? `The slug '${dto.slug}' is the ScaiKey id of another tenant`
    : `The ScaiKey id '${dto.scaikey_tenant_id}' is the slug of another tenant`;
}
