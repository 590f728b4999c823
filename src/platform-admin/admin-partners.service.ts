import { Injectable } from '@nestjs/common';
import { RequestContext } from 'src/common/context/request-context';
import { Page, pageRequest, toPage } from 'src/common/pagination/pagination';
import { PartnerDto, PartnerListQueryDto } from 'src/platform-admin/dto/admin-partner.dto';
import { PartnerNotFoundError } from 'src/platform-admin/platform-admin.errors';
import { toPartnerDto } from 'src/platform-admin/platform-admin.mapper';
import { PlatformTenantsRepository } from 'src/platform-admin/platform-tenants.repository';

/** /admin/partners: ScaiKey partners as the local cache knows them (written by webhooks and sync only). */
@Injectable()
export class AdminPartnersService {
  constructor(private readonly tenants: PlatformTenantsRepository) {}

  async list(_context: RequestContext, query: PartnerListQueryDto): Promise<Page<PartnerDto>> {
    const page = pageRequest(query);
    const [rows, total] = await this.tenants.listPartners(
      { status: query.status, search: query.search },
      page,
    );
    const counts = await this.tenants.tenantCountsOf(rows.map((partner) => partner.id));
    return toPage(
      rows.map((partner) => toPartnerDto(partner, counts.get(partner.id) ?? 0)),
      total,
      page,
    );
  }

  async get(_context: RequestContext, reference: string): Promise<PartnerDto> {
    const partner = await this.tenants.findPartner(reference);
    if (!partner) {
      throw new PartnerNotFoundError();
    }
    const counts = await this.tenants.tenantCountsOf([partner.id]);
    return toPartnerDto(partner, counts.get(partner.id) ?? 0);
  }
}
