import { Injectable } from '@nestjs/common';
import { generateApiKeySecret, hashApiKeySecret, lookupPrefixOf } from 'src/api-keys/api-key-secret';
import { ApiKeysRepository } from 'src/api-keys/api-keys.repository';
import { ApiKeysService } from 'src/api-keys/api-keys.service';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { AppConfig } from 'src/config/app-config';
import { TransactionRunner } from 'src/database/transaction-runner';
import { TenantsRepository } from 'src/tenants/tenants.repository';
import { UsersRepository } from 'src/users/users.repository';

/** ScaiKey ids of the records bootstrap owns; they can never collide with ScaiKey's own (`tnt_…`, `usr_…`). */
export const PLATFORM_TENANT_ID = 'scaidns-platform';
export const BOOTSTRAP_USER_ID = 'scaidns:bootstrap-admin';

export interface BootstrapResult {
  api_key: string;
  created: boolean;
  key_id: string;
  user_id: string;
  tenant_id: string;
}

/**
 * The first way in on a fresh installation: a local platform-admin service principal (in a "platform" tenant of
 * its own) with an API key. People become platform admins through ScaiKey's super_admin role or
 * BOOTSTRAP_PLATFORM_ADMINS; this key is for the operator and automation that set the platform up.
 */
@Injectable()
export class BootstrapAdminService {
  constructor(
    private readonly config: AppConfig,
    private readonly tenants: TenantsRepository,
    private readonly users: UsersRepository,
    private readonly keys: ApiKeysRepository,
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditService,
    private readonly transactions: TransactionRunner,
  ) {}

  async ensure(reuseKey: string | null): Promise<BootstrapResult> {
    const tenant = await this.tenants.upsert({
      scaikeyTenantId: PLATFORM_TENANT_ID,
      name: 'ScaiDNS platform',
      slug: PLATFORM_TENANT_ID,
      status: 'active',
    });
    const user = await this.users.upsert({
      scaikeyUserId: BOOTSTRAP_USER_ID,
      tenantId: tenant.id,
      email: null,
      name: 'Bootstrap platform admin',
      status: 'active',
      isPlatformAdmin: true,
      isTenantAdmin: false,
      principalKind: 'service',
    });
    const base = { user_id: user.id, tenant_id: tenant.id };
    if (reuseKey) {
      const existing = await this.apiKeys.authenticate(reuseKey, null).catch(() => null);
      if (existing && existing.permissionSource === 'user' && existing.permissionSourceId === user.id) {
        return { ...base, api_key: reuseKey, created: false, key_id: existing.id };
      }
    }
    const secret = generateApiKeySecret();
    const context = RequestContext.system(tenant.id, 'cli-bootstrap');
    const key = await this.transactions.run(async (manager) => {
      const row = await this.keys.save(
        this.keys.create({
          tenantId: tenant.id,
          name: 'Bootstrap platform admin',
          description: 'Created by `scaidns bootstrap`',
          keyPrefix: lookupPrefixOf(secret)!,
          keyHash: hashApiKeySecret(secret, this.config.security.apiKeyPepper),
          status: 'active',
          permissionSource: 'user',
          permissionSourceId: user.id,
          createdBy: user.id,
          scopes: null,
          rateLimit: null,
          ipWhitelist: null,
          expiresAt: null,
          useCount: 0,
        }),
        manager,
      );
      await this.audit.record(
        context,
        {
          action: 'api_key.create',
          resourceType: 'api_key',
          resourceId: row.id,
          resourceName: row.name,
          extra: { bootstrap: true },
        },
        manager,
        { type: 'system', id: 'cli' },
      );
      return row;
    });
    return { ...base, api_key: secret, created: true, key_id: key.id };
  }
}
