#!/usr/bin/env node
// scripts/lib/stack.cjs — JSON chores for up.sh/test.sh (no dependencies; Node >= 20).
//
//   node stack.cjs idp-line LOGFILE             print the IdP's ready line (first JSON line with "issuer") or exit 1
//   node stack.cjs bootstrap < OUTPUT           parse `cli.js bootstrap --json` output: prints "<created> <api_key|null>"
//   node stack.cjs get FILE KEY                 print one top-level field of a JSON file ('' when absent)
//   node stack.cjs write OUT                    write stack.json from the STACK_* environment (mode 600)
//   node stack.cjs summary FILE                 print the friendly "stack is up" summary for stack.json
//   node stack.cjs test-summary JEST_JSON [NODE_TAP]...   print "passed failed" counts (see below)
'use strict';
const fs = require('node:fs');

const [, , cmd, ...args] = process.argv;

function jsonLines(text) {
  const out = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      out.push(JSON.parse(t));
    } catch {
      /* not a JSON line (e.g. a pretty log line) */
    }
  }
  return out;
}

function readJson(file, fallback) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return fallback;
  }
}

const commands = {
  'idp-line'([file]) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    const line = jsonLines(text).find((o) => o && typeof o.issuer === 'string');
    if (!line) process.exit(1);
    process.stdout.write(JSON.stringify(line) + '\n');
  },

  bootstrap() {
    const text = fs.readFileSync(0, 'utf8');
    const hits = jsonLines(text).filter((o) => o && Object.prototype.hasOwnProperty.call(o, 'api_key'));
    if (hits.length === 0) process.exit(2);
    const last = hits[hits.length - 1];
    process.stdout.write(`${last.created === true} ${last.api_key ? String(last.api_key) : 'null'}\n`);
  },

  get([file, key]) {
    const data = readJson(file, {});
    const v = data[key];
    process.stdout.write(v === undefined || v === null ? '' : String(v));
  },

  write([out]) {
    const e = process.env;
    const idp = e.STACK_IDP_JSON ? readJson(e.STACK_IDP_JSON, null) : null;
    const apiUrl = e.STACK_API_URL;
    const stack = {
      generated_at: new Date().toISOString(),
      api_url: apiUrl,
      api_key: e.STACK_API_KEY || null,
      api_key_created: e.STACK_API_KEY_CREATED === 'true',
      swagger_url: `${apiUrl}/docs`,
      health_url: `${apiUrl}/health/ready`,
      pdns_api_url: e.STACK_PDNS_API_URL,
      pdns_api_key: e.STACK_PDNS_API_KEY,
      pdns_dns_address: '127.0.0.1',
      pdns_dns_port: Number(e.STACK_PDNS_DNS_PORT),
      scaikey_url: e.STACK_SCAIKEY_URL,
      idp_managed: Boolean(idp),
      idp_issuer: idp ? idp.issuer : e.STACK_SCAIKEY_URL,
      idp_discovery_url: idp ? idp.discovery_url : e.STACK_DISCOVERY_URL,
      idp_audience: idp ? (idp.audience ?? null) : null,
      users: idp && Array.isArray(idp.users) ? idp.users : [],
      clients: idp && Array.isArray(idp.clients) ? idp.clients : [],
      database_url: e.STACK_DATABASE_URL,
      redis_url: e.STACK_REDIS_URL,
      private_services: { mariadb: e.STACK_PRIVATE_MARIADB === '1', redis: e.STACK_PRIVATE_REDIS === '1' },
      env_file: e.STACK_ENV_FILE,
      logs: {
        api: `${e.STACK_LOG_DIR}/api.log`,
        worker: `${e.STACK_LOG_DIR}/worker.log`,
        idp: idp ? `${e.STACK_LOG_DIR}/idp.log` : null,
        pdns: e.STACK_PDNS_LOG,
      },
    };
    const tmp = `${out}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, JSON.stringify(stack, null, 2) + '\n', { mode: 0o600 });
    fs.renameSync(tmp, out);
  },

  summary([file]) {
    const s = readJson(file, null);
    if (!s) {
      console.error(`cannot read ${file}`);
      process.exit(1);
    }
    const tty = process.stdout.isTTY && !process.env.NO_COLOR;
    const b = (t) => (tty ? `\x1b[1m${t}\x1b[0m` : t);
    const g = (t) => (tty ? `\x1b[32m${t}\x1b[0m` : t);
    const L = [];
    L.push('');
    L.push(g('ScaiDNS is up.'));
    L.push('');
    L.push(`  API          ${b(s.api_url)}        (ready: ${s.health_url})`);
    L.push(`  Swagger UI   ${b(s.swagger_url)}`);
    if (s.users.length > 0) {
      L.push('               log in there: "Authorize" → sign in at the dev IdP as one of the demo users:');
      const w = Math.max(...s.users.map((u) => String(u.email).length));
      const pw = Math.max(...s.users.map((u) => String(u.password).length));
      const tw = Math.max(...s.users.map((u) => String(u.tenant_id ?? '-').length));
      for (const u of s.users) {
        L.push(
          `                 ${String(u.email).padEnd(w)}  password ${String(u.password).padEnd(pw)}  tenant ${String(u.tenant_id ?? '-').padEnd(tw)}  role ${u.role ?? '(none)'}`,
        );
      }
    } else if (!s.idp_managed) {
      L.push(`               log in there: "Authorize" → sign in with your ScaiKey account (${s.scaikey_url})`);
    }
    L.push('');
    if (s.api_key) {
      L.push(`  API key      ${b(s.api_key)}   (bootstrap platform admin${s.api_key_created ? ', new' : ''})`);
      L.push(`               curl -H "X-API-Key: ${s.api_key}" ${s.api_url}/api/v1/auth/me`);
    } else {
      L.push('  API key      (none shown: the platform admin already has a key that cannot be displayed again;');
      L.push('                create a new one with `node dist/src/cli.js --help`, or reset with `npm run down` + drop the scaidns DB)');
    }
    L.push('');
    if (s.idp_managed) {
      L.push(`  Dev IdP      ${s.idp_issuer}   discovery: ${s.idp_discovery_url}`);
      for (const c of s.clients) {
        const parts = [`client ${c.client_id}`];
        if (c.client_secret) parts.push(`secret ${c.client_secret}`);
        if (c.grant_types) parts.push(`grants ${[].concat(c.grant_types).join(',')}`);
        if (c.tenant_id) parts.push(`tenant ${c.tenant_id}`);
        L.push(`                 ${parts.join('  ')}`);
      }
    } else {
      L.push(`  ScaiKey      ${s.scaikey_url}   (external; no dev IdP started)`);
    }
    L.push(`  PowerDNS     API ${s.pdns_api_url}  (X-API-Key in .data/secrets.env)`);
    L.push(`               dig @127.0.0.1 -p ${s.pdns_dns_port} <zone> SOA`);
    L.push('');
    L.push(`  Logs         ${s.logs.api}, ${s.logs.worker}${s.logs.idp ? `, ${s.logs.idp}` : ''}, ${s.logs.pdns}`);
    L.push(`  Env          ${s.env_file}   (set -a; . ${s.env_file}; set +a   → run the CLI by hand)`);
    L.push(`  Details      ${file}`);
    L.push(`  Stop         ${b('npm run down')}`);
    L.push('');
    process.stdout.write(L.join('\n') + '\n');
  },

  // Counts for test.sh. Jest: numPassedTests/numFailedTests, plus one failure per suite that failed without a
  // failing test (compile error, hook failure) and one for a run error (e.g. globalSetup threw). node --test: the
  // TAP/spec trailer ("# pass N" / "ℹ pass N", "# fail N").
  'test-summary'([jestJson, ...taps]) {
    let passed = 0;
    let failed = 0;
    const notes = [];
    if (jestJson) {
      const j = readJson(jestJson, null);
      if (!j) {
        failed += 1;
        notes.push(`jest wrote no results (${jestJson})`);
      } else {
        passed += j.numPassedTests || 0;
        failed += j.numFailedTests || 0;
        const suites = (j.testResults || []).filter(
          (r) => r.status === 'failed' && !(r.assertionResults || []).some((a) => a.status === 'failed'),
        );
        failed += suites.length;
        if (suites.length) notes.push(`${suites.length} jest suite(s) failed to run`);
        if (j.runExecError) {
          failed += 1;
          notes.push('jest run error');
        }
      }
    }
    for (const tap of taps) {
      const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
      const num = (k) => {
        const m = [...text.matchAll(new RegExp(`^\\s*(?:#|ℹ)\\s*${k}\\s+(\\d+)\\s*$`, 'gm'))];
        return m.length ? Number(m[m.length - 1][1]) : null;
      };
      const p = num('pass');
      const f = num('fail');
      if (p === null && f === null) {
        failed += 1;
        notes.push(`no node --test summary in ${tap}`);
        continue;
      }
      passed += p || 0;
      failed += f || 0;
    }
    for (const n of notes) console.error(`test-summary: ${n}`);
    process.stdout.write(`${passed} ${failed}\n`);
  },
};

if (!commands[cmd]) {
  console.error(`usage: stack.cjs ${Object.keys(commands).join('|')} ...`);
  process.exit(2);
}
commands[cmd](args);
