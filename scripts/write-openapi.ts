/**
 * Writes the OpenAPI document to openapi.json (committed), or with --check fails when the committed file is out of
 * date. The app is created in preview mode: routes and DTOs are scanned, but nothing connects to MariaDB, Redis,
 * PowerDNS or ScaiKey, so this runs anywhere.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from 'src/app.module';
import { loadConfig } from 'src/config/load-config';
import { buildOpenApiDocument, defaultOAuthEndpoints } from 'src/openapi/openapi';

const TARGET = join(__dirname, '..', 'openapi.json');

async function main(): Promise<void> {
  // Fixed, documented defaults so the committed document does not depend on the machine that wrote it.
  const config = loadConfig({ ENVIRONMENT: 'development', SCAIKEY_URL: 'https://scaikey.scailabs.ai' });
  const app = await NestFactory.create(AppModule, { preview: true, logger: false, abortOnError: false });
  const document = buildOpenApiDocument(app, defaultOAuthEndpoints(config));
  document.servers = [{ url: 'https://scaidns.scailabs.ai' }];
  const text = `${JSON.stringify(document, null, 2)}\n`;
  await app.close();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(TARGET, 'utf8');
    if (committed !== text) {
      process.stderr.write(
        'openapi.json is out of date: run `npm run openapi:write` and commit the result\n',
      );
      process.exit(1);
    }
    process.stdout.write('openapi.json is up to date\n');
    return;
  }
  writeFileSync(TARGET, text);
  process.stdout.write(`wrote ${TARGET}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
