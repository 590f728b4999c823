import { randomBytes } from 'node:crypto';
import { AppConfig, PowerDnsConfig } from 'src/config/app-config';

/**
 * A literal AppConfig for constructing RedisService / PowerDnsService without the Nest app. Only the fields those two
 * read are filled; each call gets its own random Redis key prefix so test runs never share locks.
 */
export function powerDnsTestConfig(pdns: Partial<PowerDnsConfig> = {}, redisUrl?: string): AppConfig {
  const config = {
    redis: {
      url: redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/0',
      keyPrefix: `scaidns-test-${randomBytes(6).toString('hex')}:`,
      maxConnections: 5,
    },
    pdns: {
      apiUrl: 'http://127.0.0.1:1',
      apiKey: 'test-secret-key',
      serverId: 'localhost',
      timeoutMs: 2000,
      retries: 2,
      lockTtlMs: 10_000,
      ...pdns,
    },
  };
  return config as unknown as AppConfig;
}
