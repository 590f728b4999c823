import { RequestContext } from 'src/common/context/request-context';
import { BadRequestError } from 'src/common/errors/app.exception';

/**
 * The tenant a tenant-level route acts in. Every authenticated principal has one (its own, or the one a platform
 * admin names with X-Tenant-ID); only a principal without any tenant gets here without one.
 */
export function requireTenant(context: RequestContext): string {
  if (!context.tenantId) {
    throw new BadRequestError('No tenant context: send X-Tenant-ID');
  }
  return context.tenantId;
}

export function isPlatformAdmin(context: RequestContext): boolean {
  return context.principal?.isPlatformAdmin ?? false;
}
