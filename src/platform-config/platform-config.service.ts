import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from 'src/config/app-config';
import { PlatformConfigEntity } from 'src/platform-config/entities/platform-config.entity';
import {
  AUTHORITATIVE_DOMAINS_KEY,
  CHALLENGE_TTL_KEY,
  NAMESERVERS_KEY,
  PLATFORM_CONFIG_KEYS,
  PlatformConfigKey,
  findPlatformConfigKey,
} from 'src/platform-config/platform-config-keys';
import { parseDomainList, parseJsonList } from 'src/platform-config/platform-config-values';
import { PlatformConfigRepository } from 'src/platform-config/platform-config.repository';
import { ValidationResult } from 'src/records/content/validation-result';

export { AUTHORITATIVE_DOMAINS_KEY, CHALLENGE_TTL_KEY, NAMESERVERS_KEY };

/** A known key with the value in effect: the stored one, else its fallback (`stored: false`). */
export interface EffectiveConfigEntry {
  key: string;
  value: string;
  description: string;
  stored: boolean;
  updatedAt: Date | null;
  updatedBy: string | null;
  editedThrough: string | null;
}

/**
 * Runtime platform settings. Values edited through /admin/config live in MariaDB; until someone edits one, the
 * environment's value applies. Every read goes to the database, so a change counts from the next use.
 */
@Injectable()
export class PlatformConfigService {
  constructor(
    private readonly config: AppConfig,
    private readonly entries: PlatformConfigRepository,
  ) {}

  /** The platform's nameservers, absolute, in order (the first is the SOA's primary). */
  async nameservers(): Promise<string[]> {
    const stored = await this.entries.find(NAMESERVERS_KEY);
    const list = stored ? (JSON.parse(stored.value) as string[]) : this.config.dns.nameservers;
    return list.map((host) => (host.endsWith('.') ? host : `${host}.`).toLowerCase());
  }

  /** Seconds a validation challenge stays usable. */
  async challengeTtlSeconds(): Promise<number> {
    const stored = await this.entries.find(CHALLENGE_TTL_KEY);
    const value = stored ? Number(stored.value) : NaN;
    return Number.isInteger(value) && value > 0 ? value : this.config.validation.challengeTtlSeconds;
  }

  /** Zone names this instance is authoritative for as an operator (informational; empty until set). */
  async authoritativeDomains(): Promise<string[]> {
    const stored = await this.entries.find(AUTHORITATIVE_DOMAINS_KEY);
    if (!stored) {
      return [];
    }
    const list = parseJsonList(AUTHORITATIVE_DOMAINS_KEY, stored.value);
    const parsed = list.ok ? parseDomainList(list.list) : list;
    return parsed.ok ? parsed.domains : [];
  }

  /** Every known key with its effective value, by key. */
  async list(): Promise<EffectiveConfigEntry[]> {
    const rows = new Map((await this.entries.all()).map((row) => [row.key, row]));
    return [...PLATFORM_CONFIG_KEYS]
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((definition) => this.effective(definition, rows.get(definition.key) ?? null));
  }

  /** One known key (null: ScaiDNS has no such setting). */
  async get(key: string, manager?: EntityManager): Promise<EffectiveConfigEntry | null> {
    const definition = findPlatformConfigKey(key);
    return definition ? this.effective(definition, await this.entries.find(key, manager)) : null;
  }

  /** The canonical form of a new value for a known key, or why it is refused. */
  parse(key: string, value: string): ValidationResult<{ value: string }> {
    const definition = findPlatformConfigKey(key);
    if (!definition) {
      return { ok: false, error: `Unknown configuration key: ${key}` };
    }
    return definition.parse(value);
  }

  /**
   * Stores a value that parse() returned for this key. Pass the transaction's manager so the value commits with its
   * audit entry (and, for the nameservers, with the rewrite that applies it).
   */
  async store(
    key: string,
    canonicalValue: string,
    updatedBy: string | null,
    manager?: EntityManager,
  ): Promise<EffectiveConfigEntry> {
    const definition = findPlatformConfigKey(key);
    if (!definition) {
      throw new Error(`Unknown configuration key: ${key}`);
    }
    const row = await this.entries.upsert(key, canonicalValue, definition.description, updatedBy, manager);
    return this.effective(definition, row);
  }

  private effective(definition: PlatformConfigKey, row: PlatformConfigEntity | null): EffectiveConfigEntry {
    return {
      key: definition.key,
      value: row ? row.value : definition.fallback(this.config),
      description: definition.description,
      stored: row !== null,
      updatedAt: row?.updatedAt ?? null,
      updatedBy: row?.updatedBy ?? null,
      editedThrough: definition.editedThrough,
    };
  }
}
