/**
 * `npm run bench`: measures the things ScaiDNS promises about speed, side by side in one run, and prints ratios.
 * Starts its own PowerDNS (gmysql, 127.0.0.1:5316/8096) and a scratch MariaDB database; needs MariaDB and Redis at
 * their default local addresses. Nothing here leaves loopback.
 *
 *   1. Concurrent writes to one zone: PowerDnsService (serialised by the zone lock) vs the same PATCHes sent raw.
 *   2. Records API: 500 records in one bulk call vs 500 single POSTs (the cost of one write unit).
 *   3. Record validation: canonicalising content, records per second.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { createConnection } from 'mysql2/promise';
import request from 'supertest';
import { ApiKeysModule } from 'src/api-keys/api-keys.module';
import { AppModule } from 'src/app.module';
import { configureApp } from 'src/bootstrap/configure-app';
import { BootstrapAdminService } from 'src/cli/bootstrap-admin.service';
import { AppConfig } from 'src/config/app-config';
import { loadConfig } from 'src/config/load-config';
import { PowerDnsService } from 'src/powerdns/powerdns.service';
import { canonicaliseContent } from 'src/records/content/record-content';
import { TenantsModule } from 'src/tenants/tenants.module';
import { UsersModule } from 'src/users/users.module';

const PDNS = {
  api: 8096,
  dns: 5316,
  key: 'scaidns-bench-key',
  db: 'scaidns_bench_pdns',
  dir: '/tmp/scaidns-bench/pdns',
};
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const ratio = (a: number, b: number): string => (b === 0 ? 'n/a' : `${(a / b).toFixed(2)}x`);

async function main(): Promise<void> {
  execFileSync(
    'bash',
    [
      join(__dirname, '..', 'scripts', 'pdns-start.sh'),
      '--dir',
      PDNS.dir,
      '--dns-port',
      String(PDNS.dns),
      '--api-port',
      String(PDNS.api),
      '--api-key',
      PDNS.key,
      '--db-name',
      PDNS.db,
      '--reset',
      '--quiet',
    ],
    { stdio: 'ignore' },
  );
  const database = `scaidns_bench_${randomBytes(3).toString('hex')}`;
  const server = await createConnection({ host: '127.0.0.1', user: 'root', password: '' });
  await server.query(`CREATE DATABASE \`${database}\``);
  const config = loadConfig({
    ENVIRONMENT: 'development',
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    DATABASE_URL: `mysql://root:@127.0.0.1:3306/${database}`,
    REDIS_KEY_PREFIX: `bench:${randomBytes(3).toString('hex')}:`,
    PDNS_API_URL: `http://127.0.0.1:${PDNS.api}`,
    PDNS_API_KEY: PDNS.key,
    SCAIKEY_URL: 'http://127.0.0.1:1',
    DNS_RESOLVERS: `127.0.0.1:${PDNS.dns}`,
    RATE_LIMIT_DEFAULT_PER_MINUTE: '1000000',
  });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule, TenantsModule, UsersModule, ApiKeysModule],
    providers: [BootstrapAdminService],
  })
    .overrideProvider(AppConfig)
    .useValue(config)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: true });
  app.useLogger(false);
  await configureApp(app);
  await app.init();
  try {
    const rssBefore = process.memoryUsage().rss;
    await concurrentWrites(app.get(PowerDnsService));
    const { api_key: key } = await app.get(BootstrapAdminService).ensure(null);
    await recordsApi(app, key);
    validationThroughput();
    console.log(
      `\nmemory: RSS grew ${((process.memoryUsage().rss - rssBefore) / 1048576).toFixed(1)} MiB during the run`,
    );
  } finally {
    await app.close();
    await server.query(`DROP DATABASE \`${database}\``);
    await server.end();
    execFileSync('bash', [join(__dirname, '..', 'scripts', 'pdns-start.sh'), '--stop', '--dir', PDNS.dir], {
      stdio: 'ignore',
    });
  }
}

async function concurrentWrites(pdns: PowerDnsService): Promise<void> {
  const zone = `bench-${randomBytes(3).toString('hex')}.test.`;
  await pdns.createZone({ name: zone, kind: 'Native', nameservers: ['ns1.bench.test.'] });
  const serial = async () => (await pdns.getZone(zone))!.serial;
  const rrset = (i: number, tag: string) => ({
    name: `${tag}${i}.${zone}`,
    type: 'A',
    ttl: 60,
    changetype: 'REPLACE' as const,
    records: [{ content: `192.0.2.${i % 250}`, disabled: false }],
  });
  const N = 50;

  let before = await serial();
  let start = now();
  const locked = await Promise.allSettled(
    Array.from({ length: N }, (_, i) => pdns.patchRrsets(zone, [rrset(i, 'l')])),
  );
  const lockedMs = now() - start;
  const lockedSerial = (await serial()) - before;

  before = await serial();
  start = now();
  const raw = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      fetch(`http://127.0.0.1:${PDNS.api}/api/v1/servers/localhost/zones/${zone}`, {
        method: 'PATCH',
        headers: { 'X-API-Key': PDNS.key, 'Content-Type': 'application/json' },
        body: JSON.stringify({ rrsets: [rrset(i, 'r')] }),
      }).then((response) => response.status),
    ),
  );
  const rawMs = now() - start;
  const rawSerial = (await serial()) - before;
  const lockedOk = locked.filter((result) => result.status === 'fulfilled').length;
  const rawOk = raw.filter((status) => status === 204).length;
  console.log(`1. ${N} concurrent PATCHes to one zone (gmysql)`);
  console.log(
    `   ScaiDNS (zone lock): ${lockedOk}/${N} ok, serial +${lockedSerial}, ${lockedMs.toFixed(0)} ms`,
  );
  console.log(`   raw, unserialised:   ${rawOk}/${N} ok, serial +${rawSerial}, ${rawMs.toFixed(0)} ms`);
  console.log(`   success ratio ${ratio(lockedOk, rawOk)}, time ratio ${ratio(lockedMs, rawMs)}`);
  await pdns.deleteZone(zone);
}

async function recordsApi(app: NestExpressApplication, key: string): Promise<void> {
  const http = () => request(app.getHttpServer());
  const zone = await http()
    .post('/api/v1/domains/')
    .set('X-API-Key', key)
    .send({ name: `bench-${randomBytes(3).toString('hex')}.test`, domain_type: 'primary' });
  const id = zone.body.id as string;
  const N = 500;
  let start = now();
  await http()
    .post(`/api/v1/domains/${id}/records/bulk`)
    .set('X-API-Key', key)
    .send({
      records: Array.from({ length: N }, (_, i) => ({
        name: `b${i}`,
        type: 'A',
        content: `198.51.100.${i % 250}`,
      })),
    })
    .expect(200);
  const bulkMs = now() - start;
  start = now();
  for (let i = 0; i < N; i++) {
    await http()
      .post(`/api/v1/domains/${id}/records`)
      .set('X-API-Key', key)
      .send({ name: `s${i}`, type: 'A', content: `203.0.113.${i % 250}` })
      .expect(201);
  }
  const singleMs = now() - start;
  console.log(`2. ${N} records through the API (validated, stored, served)`);
  console.log(`   one bulk call: ${bulkMs.toFixed(0)} ms (${(bulkMs / N).toFixed(2)} ms/record)`);
  console.log(`   ${N} single POSTs: ${singleMs.toFixed(0)} ms (${(singleMs / N).toFixed(2)} ms/record)`);
  console.log(`   bulk is ${ratio(singleMs, bulkMs)} faster per record`);
  await http().delete(`/api/v1/domains/${id}?hard=true`).set('X-API-Key', key).expect(204);
}

function validationThroughput(): void {
  const samples: [string, string][] = [
    ['A', '192.0.2.1'],
    ['AAAA', '2001:DB8::1'],
    ['MX', '10 mail.example.com'],
    ['TXT', 'v=spf1 include:_spf.example.net -all'],
    ['CAA', '0 issue "letsencrypt.org"'],
    ['SRV', '10 5 5060 sip.example.com.'],
  ];
  const N = 60_000;
  const start = now();
  for (let i = 0; i < N; i++) {
    const [type, content] = samples[i % samples.length];
    canonicaliseContent(type, content, 'example.com.');
  }
  const ms = now() - start;
  console.log(
    `3. content validation: ${N} records in ${ms.toFixed(0)} ms (${Math.round(N / (ms / 1000)).toLocaleString('en')} records/s)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
