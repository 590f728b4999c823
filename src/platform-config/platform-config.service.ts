import { Injectable } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { PlatformConfigRepository } from 'src/platform-config/platform-config.repository';

export const NAMESERVERS_KEY = 'dns.nameservers';
export const CHALLENGE_TTL_KEY = 'validation.challenge_ttl';

/**
 * Runtime platform settings. Values edited through /admin/config live in MariaDB; until someone edits one, the
 * environment's value applies.
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
}
