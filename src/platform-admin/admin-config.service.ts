import { Injectable } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { TransactionRunner } from 'src/database/transaction-runner';
import { ConfigEntryDto, ConfigListDto, UpdateConfigDto } from 'src/platform-admin/dto/admin-config.dto';
import { actorIdOf } from 'src/platform-admin/platform-admin.actor';
import {
  ConfigKeyEditedElsewhereError,
  ConfigKeyNotFoundError,
  InvalidConfigValueError,
} from 'src/platform-admin/platform-admin.errors';
import { toConfigEntryDto } from 'src/platform-admin/platform-admin.mapper';
import { findPlatformConfigKey } from 'src/platform-config/platform-config-keys';
import { PlatformConfigService } from 'src/platform-config/platform-config.service';

/** /admin/config: the runtime settings (platform_config), each checked by the rules of its key. */
@Injectable()
export class AdminConfigService {
  constructor(
    private readonly platform: PlatformConfigService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async list(_context: RequestContext): Promise<ConfigListDto> {
    return { configs: (await this.platform.list()).map(toConfigEntryDto) };
  }

  async get(_context: RequestContext, key: string): Promise<ConfigEntryDto> {
    const entry = await this.platform.get(key);
    if (!entry) {
      throw new ConfigKeyNotFoundError(key);
    }
    return toConfigEntryDto(entry);
  }

  /** Stores a new value; services read it on their next use, so it applies at once. */
  async update(context: RequestContext, key: string, dto: UpdateConfigDto): Promise<ConfigEntryDto> {
    const definition = findPlatformConfigKey(key);
    if (!definition) {
      throw new ConfigKeyNotFoundError(key);
    }
    if (definition.editedThrough) {
      throw new ConfigKeyEditedElsewhereError(key, definition.editedThrough);
    }
    const parsed = this.platform.parse(key, dto.value);
    if (!parsed.ok) {
      throw new InvalidConfigValueError(parsed.error);
    }
    const after = await this.transactions.run(async (manager) => {
      const before = await this.platform.get(key, manager);
      const stored = await this.platform.store(key, parsed.value, actorIdOf(context), manager);
      await this.audit.record(
        context,
        {
          action: 'platform_config.update',
          resourceType: 'platform_config',
          resourceId: key,
          resourceName: key,
          before: before ? { value: before.value, source: before.stored ? 'stored' : 'default' } : null,
          after: { value: stored.value },
          tenantId: null,
        },
        manager,
      );
      return stored;
    });
    return toConfigEntryDto(after);
  }
}
