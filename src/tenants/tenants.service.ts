import { Injectable } from '@nestjs/common';
import { retryOnDuplicateKey } from 'src/database/database-errors';
import { TenantEntity } from 'src/tenants/entities/tenant.entity';
import { TenantsRepository } from 'src/tenants/tenants.repository';

/** The local cache of ScaiKey's partners and tenants. */
@Injectable()
export class TenantsService {
  constructor(private readonly tenants: TenantsRepository) {}

  /**
   * First sight of a tenant in a token creates its cached row (named after its id until a webhook or sync brings
   * the real name), so a brand-new ScaiKey tenant can sign in before ScaiDNS heard of it.
   */
  ensureFromToken(scaikeyTenantId: string, scaikeyPartnerId: string | null): Promise<TenantEntity> {
    return retryOnDuplicateKey(async () => {
      const existing = await this.tenants.findByScaikeyId(scaikeyTenantId);
      if (existing) {
        return existing;
      }
      const partner = scaikeyPartnerId
        ? ((await this.tenants.findPartnerByScaikeyId(scaikeyPartnerId)) ??
          (await this.tenants.upsertPartner({ scaikeyPartnerId })))
        : null;
      return this.tenants.upsert({ scaikeyTenantId, partnerId: partner?.id ?? null });
    });
  }

  findById(id: string): Promise<TenantEntity | null> {
    return this.tenants.findById(id);
  }

  findByAnyId(reference: string): Promise<TenantEntity | null> {
    return this.tenants.findByAnyId(reference);
  }
}
