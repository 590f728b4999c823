import { DomainDetailDto, DomainSummaryDto } from 'src/domains/dto/domain.dto';
import { DomainEntity } from 'src/domains/entities/domain.entity';

export function toDomainSummary(domain: DomainEntity): DomainSummaryDto {
  return {
    id: domain.id,
    name: domain.name,
    domain_type: domain.domainType,
    status: domain.status,
    default_ttl: domain.defaultTtl,
    description: domain.description,
    dnssec_enabled: domain.dnssecEnabled,
    tenant_id: domain.tenantId,
    created_at: domain.createdAt.toISOString(),
    updated_at: domain.updatedAt.toISOString(),
  };
}

export function toDomainDetail(
  domain: DomainEntity,
  extra: { nameservers: string[]; recordCount: number },
): DomainDetailDto {
  return {
    ...toDomainSummary(domain),
    dnssec_status: domain.dnssecStatus,
    settings: domain.settings,
    nameservers: extra.nameservers,
    record_count: extra.recordCount,
    cidr: domain.cidr,
    served: domain.published && domain.status === 'active',
    validated_at: domain.validatedAt?.toISOString() ?? null,
    deleted_at: domain.deletedAt?.toISOString() ?? null,
    pending_template_id: domain.pendingTemplateId,
  };
}

/** What the audit log keeps of a zone before and after a change. */
export function auditView(domain: DomainEntity): Record<string, unknown> {
  return {
    name: domain.name,
    status: domain.status,
    default_ttl: domain.defaultTtl,
    description: domain.description,
    settings: domain.settings,
  };
}
