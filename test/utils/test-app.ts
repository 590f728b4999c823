import { randomBytes } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import { AppModule } from 'src/app.module';
import { configureApp } from 'src/bootstrap/configure-app';
import { AppConfig } from 'src/config/app-config';
import { loadConfig } from 'src/config/load-config';
import { TestStack, testStack } from 'test/utils/test-stack';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  stack: TestStack;
  http: () => ReturnType<typeof request>;
  databaseName: string;
  close: () => Promise<void>;
}

/**
 * Boots the real application against real MariaDB (a fresh database per call), Redis (a fresh key prefix) and
 * the test PowerDNS and identity provider, configured exactly as production would be through environment variables.
 */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const stack = testStack();
  const suffix = randomBytes(4).toString('hex');
  const databaseName = `scaidns_e2e_${stack.runId}_${suffix}`.slice(0, 64);
  const server = new URL(stack.databaseUrl.replace(/^(mysql|mariadb)\+\w+:/, 'mysql:'));
  await withServerConnection(stack, (connection) =>
    connection.query(`CREATE DATABASE \`${databaseName}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`),
  );
  server.pathname = `/${databaseName}`;
  const env: Record<string, string> = {
    ENVIRONMENT: 'development',
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    DATABASE_URL: server.toString(),
    DATABASE_MIGRATE_ON_START: 'true',
    REDIS_URL: stack.redisUrl,
    REDIS_KEY_PREFIX: `e2e:${stack.runId}:${suffix}:`,
    PDNS_API_URL: stack.pdns.apiUrl,
    PDNS_API_KEY: stack.pdns.apiKey,
    SCAIKEY_URL: stack.idp.base_url,
    SCAIKEY_CLIENT_ID: 'scaidns',
    SCAIKEY_CLIENT_SECRET: 'scaidns-dev-secret',
    SCAIKEY_WEBHOOK_SECRET: 'scaidns-test-webhook-secret',
    DNS_RESOLVERS: `127.0.0.1:${stack.upstream.dnsPort}`,
    METRICS_ENABLED: 'true',
    // Suites make many requests as one user; the rate-limit suite sets its own small limits.
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    RATE_LIMIT_DEFAULT_PER_MINUTE: '100000',
    ...overrides,
  };
  const config = loadConfig(env);
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true, bufferLogs: false });
  app.useLogger(['error']);
  await configureApp(app);
  await app.init();
  return {
    app,
    config,
    stack,
    databaseName,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await withServerConnection(stack, (connection) =>
        connection.query(`DROP DATABASE IF EXISTS \`${databaseName}\``),
      );
    },
  };
}

async function withServerConnection<T>(
  stack: TestStack,
  work: (connection: Awaited<ReturnType<typeof createConnection>>) => Promise<T>,
): Promise<T> {
  const url = new URL(stack.databaseUrl.replace(/^(mysql|mariadb)\+\w+:/, 'mysql:'));
  const connection = await createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
  });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}
