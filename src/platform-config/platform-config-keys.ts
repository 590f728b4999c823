import { AppConfig } from 'src/config/app-config';
import {
  parseChallengeTtl,
  parseDomainList,
  parseJsonList,
  parseNameserverList,
} from 'src/platform-config/platform-config-values';
import { ValidationResult } from 'src/records/content/validation-result';

export const NAMESERVERS_KEY = 'dns.nameservers';
export const CHALLENGE_TTL_KEY = 'validation.challenge_ttl';
export const AUTHORITATIVE_DOMAINS_KEY = 'dns.authoritative_domains';

/** One runtime setting: what it means, its value while nothing is stored, and how a new value is checked. */
export interface PlatformConfigKey {
  key: string;
  description: string;
  /** The value in effect until a platform admin stores one (from the environment, or a built-in default). */
  fallback: (config: AppConfig) => string;
  /** The canonical form of a submitted value, or why it is refused. */
  parse: (value: string) => ValidationResult<{ value: string }>;
  /**
   * The route that changes this key, when storing the value is not all a change does (the nameservers rewrite every
   * zone): PATCH /admin/config/{key} refuses it and names this route.
   */
  editedThrough: string | null;
}

/**
 * Every key of platform_config that ScaiDNS reads. Each is read on every use (no cache), so a change takes effect
 * with the next request or job; none needs a restart. Only keys something reads belong here.
 */
export const PLATFORM_CONFIG_KEYS: readonly PlatformConfigKey[] = [
  {
    key: CHALLENGE_TTL_KEY,
    description:
      'Seconds a new domain validation challenge stays valid (60..2592000); applies to challenges started after the change',
    fallback: (config) => String(config.validation.challengeTtlSeconds),
    parse: (value) => {
      const parsed = parseChallengeTtl(value);
      return parsed.ok ? { ok: true, value: String(parsed.seconds) } : parsed;
    },
    editedThrough: null,
  },
  {
    key: NAMESERVERS_KEY,
    description:
      "The platform's nameservers (JSON list, absolute host names); the first is every zone's SOA primary. " +
      'Change it with PUT /api/v1/admin/nameservers, which also rewrites every zone',
    fallback: (config) =>
      JSON.stringify(
        config.dns.nameservers.map((host) => (host.endsWith('.') ? host : `${host}.`).toLowerCase()),
      ),
    parse: (value) => {
      const list = parseJsonList(NAMESERVERS_KEY, value);
      const parsed = list.ok ? parseNameserverList(list.list) : list;
      return parsed.ok ? { ok: true, value: JSON.stringify(parsed.nameservers) } : parsed;
    },
    editedThrough: 'PUT /api/v1/admin/nameservers',
  },
  {
    key: AUTHORITATIVE_DOMAINS_KEY,
    description:
      'Domains this ScaiDNS instance is authoritative for as an operator (JSON list of zone names), e.g. the domain of ' +
      'its own nameservers; informational, returned to operators and tooling. Change it with PUT ' +
      '/api/v1/admin/authoritative-domains',
    fallback: () => '[]',
    parse: (value) => {
      const list = parseJsonList(AUTHORITATIVE_DOMAINS_KEY, value);
      const parsed = list.ok ? parseDomainList(list.list) : list;
      return parsed.ok ? { ok: true, value: JSON.stringify(parsed.domains) } : parsed;
    },
    editedThrough: 'PUT /api/v1/admin/authoritative-domains',
  },
];

export function findPlatformConfigKey(key: string): PlatformConfigKey | null {
  return PLATFORM_CONFIG_KEYS.find((definition) => definition.key === key) ?? null;
}
