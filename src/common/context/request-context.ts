import { Principal } from 'src/auth/principal';

/**
 * Who is asking, for which tenant, from where. Built once per request by the auth guard and passed as the first
 * argument of every service method, so no service ever reads the tenant from a request body.
 */
export class RequestContext {
  constructor(
    readonly requestId: string,
    readonly principal: Principal | null,
    readonly tenantId: string | null,
    readonly ip: string | null,
    readonly userAgent: string | null,
  ) {}

  /** For background jobs and CLI commands, which act as the system itself. */
  static system(tenantId: string | null = null, requestId = 'system'): RequestContext {
    return new RequestContext(requestId, null, tenantId, null, null);
  }

  get isSystem(): boolean {
    return this.principal === null;
  }
}
