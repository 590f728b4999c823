import { DatabaseConfig } from 'src/config/app-config';

/**
 * The documented form is SQLAlchemy's `mysql+asyncmy://user:pass@host:3306/db`; existing deployments keep it,
 * so any `mysql+<driver>` or `mariadb+<driver>` scheme is accepted and the driver suffix ignored.
 */
const ACCEPTED_SCHEME = /^(mysql|mariadb)(\+[a-z0-9]+)?:$/;

export function parseDatabaseUrl(
  value: string,
): Pick<DatabaseConfig, 'host' | 'port' | 'username' | 'password' | 'database'> | string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not a valid URL (expected mysql://user:password@host:3306/database)';
  }
  if (!ACCEPTED_SCHEME.test(url.protocol)) {
    return 'scheme must be mysql://, mariadb:// or mysql+<driver>://';
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_$-]{1,64}$/.test(database)) {
    return 'must name a database in its path (mysql://user:password@host:3306/database)';
  }
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
    username: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
  };
}
