import { Injectable } from '@nestjs/common';
import { RequestContext } from 'src/common/context/request-context';

/**
 * Checks the zone named by a domain-scoped role assignment.
 *
 * TODO(zones): zones do not exist yet. The zones issue adds the `domains` table; it must implement
 * `assertDomainInTenant` to throw NotFoundError('Domain') unless `domainId` is a (non-deleted) zone of
 * `context.tenantId`. Until then any UUID is accepted as a domain scope (docs/permissions.md says so), which
 * grants nothing by itself: a domain-scoped assignment only counts when a zone with that id is addressed.
 */
@Injectable()
export class DomainScopeVerifier {
  assertDomainInTenant(_context: RequestContext, _domainId: string): Promise<void> {
    return Promise.resolve();
  }
}
