// Ports and names of the services the e2e suites run against. Separate from `npm run up` (5300/8081/9000) so
// the tests can run while a developer's stack is up.
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
// Test state lives outside the work tree so `npm run down` or a wiped .data/ never pulls it from under a run.
const stateRoot = path.join(os.tmpdir(), 'scaidns-test');

module.exports = {
  root,
  pdns: {
    dir: path.join(stateRoot, 'pdns-test'),
    dnsPort: Number(process.env.TEST_PDNS_DNS_PORT ?? 5310),
    apiPort: Number(process.env.TEST_PDNS_API_PORT ?? 8091),
    apiKey: 'scaidns-test-pdns-key',
    dbName: 'scaidns_test_pdns',
  },
  // A second PowerDNS that plays the customer's current DNS provider in validation tests.
  upstream: {
    dir: path.join(stateRoot, 'pdns-upstream-test'),
    dnsPort: Number(process.env.TEST_UPSTREAM_DNS_PORT ?? 5311),
    apiPort: Number(process.env.TEST_UPSTREAM_API_PORT ?? 8092),
    apiKey: 'scaidns-test-upstream-key',
    dbName: 'scaidns_test_upstream',
  },
  databaseUrl: process.env.TEST_DATABASE_URL ?? 'mysql://root:@127.0.0.1:3306/mysql',
  redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0',
  stateRoot,
  idpStateRoot: path.join(stateRoot, 'idp'),
};
