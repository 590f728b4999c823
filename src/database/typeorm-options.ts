import { join } from 'node:path';
import { DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
import { DatabaseConfig } from 'src/config/app-config';

/** Migrations live at the project root (`migrations/`), compiled beside `dist/src`. */
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', 'migrations', '*.{ts,js}');
export const ENTITIES_GLOB = join(__dirname, '..', '**', '*.entity.{ts,js}');

/** The one description of how ScaiDNS talks to MariaDB, shared by the app, the CLI and the migration tooling. */
export function buildDataSourceOptions(database: DatabaseConfig, logger?: TypeOrmLogger): DataSourceOptions {
  return {
    type: 'mariadb',
    host: database.host,
    port: database.port,
    username: database.username,
    password: database.password,
    database: database.database,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize: database.poolSize,
    entities: [ENTITIES_GLOB],
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    // Schema changes only ever come from reviewed migrations.
    synchronize: false,
    logger,
    // TypeORM reports a query's duration only through the "slow query" hook; a tiny threshold makes it report all.
    maxQueryExecutionTime: logger ? Number.MIN_VALUE : undefined,
    extra: { connectTimeout: 5000, decimalNumbers: true },
  };
}
