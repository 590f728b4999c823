export type Environment = 'development' | 'staging' | 'production';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface DatabaseConfig {
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
  poolSize: number;
  migrateOnStart: boolean;
}

export interface PowerDnsConfig {
  apiUrl: string;
  apiKey: string;
  serverId: string;
  timeoutMs: number;
  retries: number;
  /** How long one zone's write lock may be held before Redis frees it (a crashed holder must not block forever). */
  lockTtlMs: number;
}

export interface ScaiKeyConfig {
  url: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** Confidential client with admin:read/admin:write used for ScaiKey's admin API (user/group writes, sync). */
  adminClientId: string;
  adminClientSecret: string;
  audience: string;
  applicationId: string;
  webhookSecret: string | null;
  /** Seconds between scheduled ScaiKey syncs in the worker (SCAIKEY_SYNC_INTERVAL); 0 turns the schedule off. */
  syncIntervalSeconds: number;
  tokenCacheTtlSeconds: number;
  jwksCacheTtlSeconds: number;
  clockToleranceSeconds: number;
  swaggerClientId: string;
}

/**
 * The whole configuration, validated once at boot (see load-config.ts). Code reads this object, never process.env.
 * It is a class only so that Nest can inject it by type.
 */
export abstract class AppConfig {
  abstract readonly environment: Environment;
  abstract readonly debug: boolean;
  abstract readonly http: {
    host: string;
    port: number;
    externalUrl: string;
    corsOrigins: string[];
    bodyLimitBytes: number;
    trustProxy: boolean;
  };
  abstract readonly log: { level: LogLevel; format: 'text' | 'json' };
  abstract readonly database: DatabaseConfig;
  abstract readonly redis: { url: string; keyPrefix: string; maxConnections: number };
  abstract readonly pdns: PowerDnsConfig;
  abstract readonly scaikey: ScaiKeyConfig;
  abstract readonly security: {
    sessionSecret: string;
    apiKeyPepper: string;
    bootstrapPlatformAdmins: string[];
  };
  abstract readonly metrics: { enabled: boolean };
  abstract readonly dns: {
    resolvers: string[];
    nameservers: string[];
    hostmaster: string;
    queryTimeoutMs: number;
    /**
     * Port on which nameservers found through NS records are queried directly (validation checks). Always 53 on
     * the internet; tests and private deployments point NS hosts at a local server on another port.
     */
    authoritativePort: number;
  };
  abstract readonly validation: {
    challengeTtlSeconds: number;
    recheckIntervalSeconds: number;
    /** Open challenges the background re-check looks at per run (oldest check first). */
    recheckBatchSize: number;
  };
  abstract readonly worker: {
    concurrency: number;
    /** Tries of a failing background job before it is kept as failed (repeatable jobs try once per run). */
    jobAttempts: number;
    /** First retry delay of a failed job; doubles with each further try. */
    jobBackoffMs: number;
  };
  abstract readonly rateLimit: { defaultPerMinute: number; userPerMinute: number };
  /** Role a signed-in user without a ScaiKey admin role gets in their own tenant ('none' for nothing). */
  abstract readonly access: { defaultUserRole: string };
}
