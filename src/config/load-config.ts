import { AppConfig, Environment, LogLevel } from 'src/config/app-config';
import { ConfigValidationError } from 'src/config/config.errors';
import { parseDatabaseUrl } from 'src/config/database-url';
import { EnvReader } from 'src/config/env-reader';

const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'critical'] as const;
const PUBLIC_RESOLVERS = ['1.1.1.1', '8.8.8.8', '9.9.9.9'];
const DEFAULT_NAMESERVERS = ['ns1.scaidns.scailabs.ai.', 'ns2.scaidns.scailabs.ai.'];

/** Secrets that only a development machine may run with; production refuses them. */
const DEV_SECRETS = {
  PDNS_API_KEY: 'scaidns-dev-pdns-key',
  SCAIKEY_CLIENT_SECRET: 'scaidns-dev-secret',
  SCAIKEY_WEBHOOK_SECRET: 'scaidns-dev-webhook-secret',
  SESSION_SECRET: 'scaidns-dev-session-secret-change-me',
  API_KEY_PEPPER: 'scaidns-dev-api-key-pepper-change-me',
} as const;

/** The development IdP's client_credentials client with admin scopes (tools/idp/demo-data.json). */
const DEV_ADMIN_CLIENT = { id: 'scaidns-sync', secret: 'scaidns-sync-dev-secret' } as const;

/**
 * Builds the typed configuration from the environment. Development (ENVIRONMENT=development) fills every missing
 * required value with a loopback default so the quickstart needs no .env; staging and production require them all.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const probe = new EnvReader(env, false);
  const environment: Environment = probe.oneOf('ENVIRONMENT', ENVIRONMENTS, 'production');
  const dev = environment === 'development';
  const read = new EnvReader(env, dev);
  read.errors.push(...probe.errors);

  const databaseUrl = read.required('DATABASE_URL', 'mysql://root:@127.0.0.1:3306/scaidns');
  const database = databaseUrl ? parseDatabaseUrl(databaseUrl) : null;
  if (typeof database === 'string') {
    read.fail('DATABASE_URL', database);
  }

  const redisUrl = read.required('REDIS_URL', 'redis://127.0.0.1:6379/0');
  read.url('REDIS_URL', redisUrl, ['redis', 'rediss']);
  const pdnsUrl = read.required('PDNS_API_URL', 'http://127.0.0.1:8081');
  read.url('PDNS_API_URL', pdnsUrl, ['http', 'https']);
  const scaikeyUrl = read.required('SCAIKEY_URL', 'http://127.0.0.1:9000').replace(/\/+$/, '');
  read.url('SCAIKEY_URL', scaikeyUrl, ['http', 'https']);
  const externalUrl = read.required('EXTERNAL_URL', 'http://127.0.0.1:8080').replace(/\/+$/, '');
  read.url('EXTERNAL_URL', externalUrl, ['http', 'https']);
  const discoveryUrl = read.optional(
    'SCAIKEY_DISCOVERY_URL',
    `${scaikeyUrl}/api/v1/platform/oauth/.well-known/openid-configuration`,
  );
  read.url('SCAIKEY_DISCOVERY_URL', discoveryUrl, ['http', 'https']);
  const clientId = read.required('SCAIKEY_CLIENT_ID', 'scaidns');

  const secret = (name: keyof typeof DEV_SECRETS, minLength: number): string => {
    const value = read.required(name, DEV_SECRETS[name]);
    if (value && value.length < minLength) {
      read.fail(name, `must be at least ${minLength} characters`);
    }
    if (!dev && value === DEV_SECRETS[name]) {
      read.fail(name, 'is the published development value; set a real secret');
    }
    return value;
  };
  const pdnsApiKey = secret('PDNS_API_KEY', 1);
  const clientSecret = secret('SCAIKEY_CLIENT_SECRET', 1);
  // The admin API client: the dev IdP's `scaidns-sync` in development, else the main client unless set.
  const adminClientId = read.optional('SCAIKEY_ADMIN_CLIENT_ID', dev ? DEV_ADMIN_CLIENT.id : clientId);
  const adminClientSecret = read.optional(
    'SCAIKEY_ADMIN_CLIENT_SECRET',
    dev ? DEV_ADMIN_CLIENT.secret : clientSecret,
  );
  if (!dev && adminClientSecret === DEV_ADMIN_CLIENT.secret) {
    read.fail('SCAIKEY_ADMIN_CLIENT_SECRET', 'is the published development value; set a real secret');
  }
  const sessionSecret = secret('SESSION_SECRET', 16);
  const apiKeyPepper = secret('API_KEY_PEPPER', 16);
  // Fail closed instead of refusing to boot: the webhook receiver answers 503 and readiness reports it.
  const webhookSecret =
    read.optionalOrNull('SCAIKEY_WEBHOOK_SECRET') ?? (dev ? DEV_SECRETS.SCAIKEY_WEBHOOK_SECRET : null);

  const levelName = read.oneOf('LOG_LEVEL', LOG_LEVELS, dev ? 'debug' : 'info');
  const level: LogLevel = levelName === 'warning' ? 'warn' : levelName === 'critical' ? 'fatal' : levelName;

  const config: AppConfig = {
    environment,
    debug: read.bool('DEBUG', false),
    http: {
      host: read.optional('HOST', dev ? '127.0.0.1' : '0.0.0.0'),
      port: read.int('PORT', 8080, 1, 65535),
      externalUrl,
      corsOrigins: read.list('CORS_ORIGINS', dev ? [externalUrl] : []),
      bodyLimitBytes: read.int('MAX_REQUEST_BODY_BYTES', 10 * 1024 * 1024, 1024, 100 * 1024 * 1024),
      trustProxy: read.bool('TRUST_PROXY', false),
    },
    log: { level, format: read.oneOf('LOG_FORMAT', ['text', 'json'] as const, dev ? 'text' : 'json') },
    database: {
      ...(database && typeof database !== 'string'
        ? database
        : { host: '', port: 0, username: '', password: '', database: '' }),
      poolSize: read.int('DATABASE_POOL_SIZE', 20, 1, 500),
      migrateOnStart: read.bool('DATABASE_MIGRATE_ON_START', dev),
    },
    redis: {
      url: redisUrl,
      keyPrefix: read.optional('REDIS_KEY_PREFIX', 'scaidns:'),
      maxConnections: read.int('REDIS_MAX_CONNECTIONS', 20, 1, 1000),
    },
    pdns: {
      apiUrl: pdnsUrl.replace(/\/+$/, ''),
      apiKey: pdnsApiKey,
      serverId: read.optional('PDNS_SERVER_ID', 'localhost'),
      timeoutMs: read.int('PDNS_TIMEOUT_MS', 10_000, 100, 300_000),
      retries: read.int('PDNS_RETRIES', 3, 0, 10),
      lockTtlMs: read.int('PDNS_LOCK_TTL_MS', 60_000, 1_000, 600_000),
    },
    scaikey: {
      url: scaikeyUrl,
      discoveryUrl,
      clientId,
      clientSecret,
      adminClientId,
      adminClientSecret,
      audience: read.optional('SCAIKEY_AUDIENCE', clientId),
      applicationId: read.required('SCAIKEY_APPLICATION_ID', 'app_scaidns'),
      webhookSecret,
      syncIntervalSeconds: read.int('SCAIKEY_SYNC_INTERVAL', 600, 0, 7 * 86_400),
      tokenCacheTtlSeconds: read.int('SCAIKEY_TOKEN_CACHE_TTL', 60, 0, 86_400),
      jwksCacheTtlSeconds: read.int('SCAIKEY_JWKS_CACHE_TTL', 3600, 10, 604_800),
      clockToleranceSeconds: read.int('SCAIKEY_CLOCK_TOLERANCE', 30, 0, 300),
      swaggerClientId: read.optional('SCAIKEY_SWAGGER_CLIENT_ID', 'scaidns-swagger'),
    },
    security: {
      sessionSecret,
      apiKeyPepper,
      bootstrapPlatformAdmins: read.list('BOOTSTRAP_PLATFORM_ADMINS', []),
    },
    metrics: { enabled: read.bool('METRICS_ENABLED', dev) },
    dns: {
      resolvers: read.list('DNS_RESOLVERS', PUBLIC_RESOLVERS),
      nameservers: read
        .list('PLATFORM_NAMESERVERS', DEFAULT_NAMESERVERS)
        .map((ns) => (ns.endsWith('.') ? ns : `${ns}.`)),
      hostmaster: read.optional('SOA_HOSTMASTER', 'hostmaster'),
      queryTimeoutMs: read.int('DNS_QUERY_TIMEOUT_MS', 3000, 100, 60_000),
      authoritativePort: read.int('DNS_AUTHORITATIVE_PORT', 53, 1, 65535),
    },
    validation: {
      challengeTtlSeconds: read.int('VALIDATION_CHALLENGE_TTL', 3600, 60, 30 * 86_400),
      recheckIntervalSeconds: read.int('VALIDATION_RECHECK_INTERVAL', 300, 5, 86_400),
      recheckBatchSize: read.int('VALIDATION_RECHECK_BATCH', 100, 1, 10_000),
    },
    worker: {
      concurrency: read.int('WORKER_CONCURRENCY', read.int('ARQ_MAX_JOBS', 10, 1, 1000), 1, 1000),
      jobAttempts: read.int('WORKER_JOB_ATTEMPTS', 3, 1, 50),
      jobBackoffMs: read.int('WORKER_JOB_BACKOFF_MS', 5000, 100, 3_600_000),
    },
    rateLimit: {
      defaultPerMinute: read.int('RATE_LIMIT_DEFAULT_PER_MINUTE', 600, 1, 1_000_000),
      userPerMinute: read.int('RATE_LIMIT_USER_PER_MINUTE', 300, 1, 1_000_000),
    },
    access: { defaultUserRole: read.optional('DEFAULT_USER_ROLE', 'read_only') },
  };

  if (read.errors.length > 0) {
    throw new ConfigValidationError(read.errors);
  }
  return config;
}

/** A copy safe to log: every secret replaced by a marker. */
export function redactConfig(config: AppConfig): Record<string, unknown> {
  const hidden = '[redacted]';
  return {
    ...config,
    database: { ...config.database, password: config.database.password ? hidden : '' },
    redis: { ...config.redis, url: config.redis.url.replace(/\/\/([^@/]*)@/, `//${hidden}@`) },
    pdns: { ...config.pdns, apiKey: hidden },
    scaikey: {
      ...config.scaikey,
      clientSecret: hidden,
      adminClientSecret: hidden,
      webhookSecret: config.scaikey.webhookSecret ? hidden : null,
    },
    security: { ...config.security, sessionSecret: hidden, apiKeyPepper: hidden },
  };
}
