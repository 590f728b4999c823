import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { AuthenticatorService } from 'src/auth/authenticator.service';
import { AUTH_METADATA, RouteAuth } from 'src/auth/decorators/auth.decorators';
import { Permission } from 'src/auth/permissions';
import { PrincipalResolver } from 'src/auth/principal-resolver';
import { REQUEST_CONTEXT, RequestWithContext } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ForbiddenError } from 'src/common/errors/app.exception';
import { requestIdOf } from 'src/common/http/request-id';
import { RateLimitService } from 'src/rate-limit/rate-limit.service';

/** Platform admins act inside a tenant by naming it in this header (docs/decisions.md). */
export const TENANT_HEADER = 'x-tenant-id';

/**
 * Deny by default: a route is reachable only if it is declared @Public or @Authenticated. For authenticated routes
 * the guard builds the RequestContext (principal + tenant) and checks the declared permission in that tenant.
 * Zone-level permissions (grants, domain-scoped roles) are checked again by the services that know the zone.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: AuthenticatorService,
    private readonly principals: PrincipalResolver,
    // Rate limiting (src/rate-limit): one hit per request once the caller is known; may throw 429.
    private readonly rateLimits: RateLimitService,
  ) {}

  async canActivate(host: ExecutionContext): Promise<boolean> {
    const request = host.switchToHttp().getRequest<Request & RequestWithContext>();
    const route = this.reflector.getAllAndOverride<RouteAuth | undefined>(AUTH_METADATA, [
      host.getHandler(),
      host.getClass(),
    ]);
    if (!route) {
      this.logger.error(`${request.method} ${request.path} declares no access rule; refusing`);
      throw new ForbiddenError('This route is not open to anyone');
    }
    if (route.kind === 'public') {
      request[REQUEST_CONTEXT] = this.contextFor(request, null, null);
      await this.rateLimits.enforce(host, request[REQUEST_CONTEXT]); // rate limit: per client IP
      return true;
    }
    const principal = await this.authenticator.authenticate(request);
    if (principal.type === 'api_key' && !route.allowApiKey) {
      throw new ForbiddenError('API keys cannot be used for this operation; sign in with ScaiKey');
    }
    const requestedTenant = request.headers[TENANT_HEADER];
    const tenantId = await this.principals.resolveTenant(
      principal,
      typeof requestedTenant === 'string' && requestedTenant !== '' ? requestedTenant : null,
    );
    const context = this.contextFor(request, principal, tenantId);
    request[REQUEST_CONTEXT] = context;
    await this.rateLimits.enforce(host, context); // rate limit: per API key / user, before the permission check
    const required = requiredPermissions(route.permission);
    if (required.length > 0) {
      const permissions = await this.principals.permissionsOf(context);
      if (!required.some((permission) => permissions.has(permission))) {
        // Zone-scoped holders (grants, domain roles) pass here and are checked per zone by the service.
        const zoneScoped = await anyAsync(required, (permission) =>
          this.principals.hasAnyZoneScopedPermission(context, permission),
        );
        if (!zoneScoped) {
          throw new ForbiddenError(`Permission denied: requires ${required.join(' or ')}`);
        }
      }
    }
    return true;
  }

  private contextFor(
    request: Request,
    principal: RequestContext['principal'],
    tenantId: string | null,
  ): RequestContext {
    const userAgent = request.headers['user-agent'];
    return new RequestContext(
      requestIdOf(request),
      principal,
      tenantId,
      request.ip ?? null,
      typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
    );
  }
}

function requiredPermissions(permission: Permission | Permission[] | null): Permission[] {
  return permission === null ? [] : Array.isArray(permission) ? permission : [permission];
}

async function anyAsync<T>(items: T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) {
    if (await test(item)) {
      return true;
    }
  }
  return false;
}
