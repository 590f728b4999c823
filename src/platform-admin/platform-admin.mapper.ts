import { ConfigEntryDto } from 'src/platform-admin/dto/admin-config.dto';
import { NameserverRewriteJobDto } from 'src/platform-admin/dto/admin-dns.dto';
import { PartnerDto } from 'src/platform-admin/dto/admin-partner.dto';
import { TenantDetailDto, TenantDto } from 'src/platform-admin/dto/admin-tenant.dto';
import { NameserverRewriteEntity } from 'src/platform-admin/entities/nameserver-rewrite.entity';
import { TenantCounts } from 'src/platform-admin/platform-tenants.repository';
import { EffectiveConfigEntry } from 'src/platform-config/platform-config.service';
import { PartnerEntity } from 'src/tenants/entities/partner.entity';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';

export function toConfigEntryDto(entry: EffectiveConfigEntry): ConfigEntryDto {
  return {
    key: entry.key,
    value: entry.value,
    description: entry.description,
    source: entry.stored ? 'stored' : 'default',
    updated_at: entry.updatedAt?.toISOString() ?? null,
    updated_by: entry.updatedBy,
    edited_through: entry.editedThrough,
  };
}

export function toRewriteJobDto(row: NameserverRewriteEntity): NameserverRewriteJobDto {
  return {
    job_id: row.id,
    status: row.status,
    nameservers: row.nameservers,
    previous_nameservers: row.previousNameservers,
    total: row.total,
    done: row.done,
    failed: row.failed,
    skipped: row.skipped,
    errors: row.errors ?? [],
    message: row.message,
    requested_by: row.requestedBy,
    created_at: row.createdAt.toISOString(),
    started_at: row.startedAt?.toISOString() ?? null,
    finished_at: row.finishedAt?.toISOString() ?? null,
  };
}

export function toTenantDto(tenant: TenantEntity, partner: PartnerEntity | null): TenantDto {
  return {
    id: tenant.id,
    scaikey_tenant_id: tenant.scaikeyTenantId,
    name: tenant.name,
    slug: tenant.slug,
    status: tenant.status,
    partner_id: tenant.partnerId,
    scaikey_partner_id: partner?.scaikeyPartnerId ?? null,
    settings: tenant.settings,
    created_at: tenant.createdAt.toISOString(),
    updated_at: tenant.updatedAt.toISOString(),
  };
}

export function toTenantDetailDto(
  tenant: TenantEntity,
  partner: PartnerEntity | null,
  counts: TenantCounts,
): TenantDetailDto {
  return {
    ...toTenantDto(tenant, partner),
    zone_count: counts.zones,
    user_count: counts.users,
    api_key_count: counts.apiKeys,
  };
}

export function toPartnerDto(partner: PartnerEntity, tenantCount: number): PartnerDto {
  return {
    id: partner.id,
    scaikey_partner_id: partner.scaikeyPartnerId,
    name: partner.name,
    slug: partner.slug,
    status: partner.status,
    tenant_count: tenantCount,
    created_at: partner.createdAt.toISOString(),
    updated_at: partner.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a tenant before and after a change. */
export function tenantAuditView(tenant: TenantEntity): Record<string, unknown> {
  return {
    name: tenant.name,
    slug: tenant.slug,
    status: tenant.status,
    scaikey_tenant_id: tenant.scaikeyTenantId,
    partner_id: tenant.partnerId,
    settings: tenant.settings,
  };
}
