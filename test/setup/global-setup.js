// Starts what the e2e suites need that the machine does not run already: two PowerDNS instances (reused when
// already running, so concurrent runs share them; every test uses zone names of its own) and a development
// identity provider per run. MariaDB and Redis are expected at TEST_DATABASE_URL / TEST_REDIS_URL.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const stack = require('./test-stack');

function startPdns(instance) {
  const out = execFileSync(
    'bash',
    [
      path.join(stack.root, 'scripts', 'pdns-start.sh'),
      '--dir',
      instance.dir,
      '--dns-port',
      String(instance.dnsPort),
      '--api-port',
      String(instance.apiPort),
      '--api-key',
      instance.apiKey,
      '--db-name',
      instance.dbName,
      ...dbArgs(),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return Object.fromEntries(
    out
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => line.split(/=(.*)/s).slice(0, 2)),
  );
}

function dbArgs() {
  const url = new URL(stack.databaseUrl.replace(/^(mysql|mariadb)\+\w+:/, 'mysql:'));
  return [
    '--db-host',
    url.hostname,
    '--db-port',
    url.port || '3306',
    '--db-user',
    decodeURIComponent(url.username || 'root'),
    '--db-password',
    decodeURIComponent(url.password),
  ];
}

function startIdp(stateDir) {
  // A fresh key per run, kept on disk so tests can forge tokens with a valid signature but bad claims.
  fs.rmSync(stateDir, { recursive: true, force: true });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(stack.root, 'tools', 'idp', 'server.mjs')], {
      env: {
        ...process.env,
        IDP_PORT: '0',
        IDP_HOST: '127.0.0.1',
        IDP_STATE_DIR: stateDir,
        IDP_WEBHOOK_SECRET: 'scaidns-test-webhook-secret',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: false,
    });
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('the development IdP did not start within 20 s')), 20000);
    child.once('exit', (code) => reject(new Error(`the development IdP exited with ${code}`)));
    child.stderr.on('data', () => undefined);
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(buffer.slice(0, newline)) });
      }
    });
  });
}

/**
 * Drops e2e databases that runs older than an hour left behind (a run killed mid-way never reaches its afterAll).
 * Database names carry their run id, which starts with the run's start time in base 36.
 */
function dropStaleTestDatabases() {
  const url = new URL(stack.databaseUrl.replace(/^(mysql|mariadb)\+\w+:/, 'mysql:'));
  const client = ['-h', url.hostname, '-P', url.port || '3306', '-u', decodeURIComponent(url.username || 'root')];
  const env = { ...process.env, MYSQL_PWD: decodeURIComponent(url.password) };
  const names = execFileSync('mariadb', [...client, '-N', '-e', "SHOW DATABASES LIKE 'scaidns\\_e2e\\_%'"], { encoding: 'utf8', env })
    .split('\n')
    .filter(Boolean);
  const cutoff = Date.now() - 60 * 60 * 1000;
  for (const name of names) {
    const started = parseInt(name.split('_')[2] ?? '', 36);
    if (Number.isFinite(started) && started < cutoff) {
      execFileSync('mariadb', [...client, '-e', `DROP DATABASE \`${name}\``], { env });
    }
  }
}

module.exports = async function globalSetup() {
  try {
    dropStaleTestDatabases();
  } catch (error) {
    process.stderr.write(`global-setup: could not clean stale test databases: ${error.message}\n`);
  }
  const pdns = startPdns(stack.pdns);
  const upstream = startPdns(stack.upstream);
  const runId = `${Date.now().toString(36)}_${process.pid.toString(36)}`;
  const idpStateDir = path.join(stack.idpStateRoot, runId);
  const { child, info } = await startIdp(idpStateDir);
  globalThis.__SCAIDNS_IDP_STATE__ = idpStateDir;
  globalThis.__SCAIDNS_IDP__ = child;
  const state = {
    pdns: { apiUrl: pdns.PDNS_API_URL, apiKey: stack.pdns.apiKey, dnsPort: stack.pdns.dnsPort },
    upstream: {
      apiUrl: upstream.PDNS_API_URL,
      apiKey: stack.upstream.apiKey,
      dnsPort: stack.upstream.dnsPort,
    },
    idp: { ...info, state_dir: idpStateDir },
    databaseUrl: stack.databaseUrl,
    redisUrl: stack.redisUrl,
    runId,
  };
  process.env.SCAIDNS_TEST_STACK = JSON.stringify(state);
};
