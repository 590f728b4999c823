import { Injectable } from '@nestjs/common';
import { RequestContext } from 'src/common/context/request-context';
import { DomainsRepository } from 'src/domains/domains.repository';
import { DomainNotFoundError } from 'src/domains/domains.errors';

/** Checks the zone named by a domain-scoped role assignment: it must be a live zone of the request's tenant. */
@Injectable()
export class DomainScopeVerifier {
  constructor(private readonly domains: DomainsRepository) {}

  async assertDomainInTenant(context: RequestContext, domainId: string): Promise<void> {
    const domain = context.tenantId ? await this.domains.findInTenant(context.tenantId, domainId) : null;
    if (!domain || domain.status === 'deleted') {
      throw new DomainNotFoundError();
    }
  }
}
