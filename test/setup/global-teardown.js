// Stops this run's identity provider. The PowerDNS test instances stay up for the next run (and for runs going
// on concurrently); `npm run down` stops them.
const fs = require('node:fs');

module.exports = async function globalTeardown() {
  const child = globalThis.__SCAIDNS_IDP__;
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
  }
  if (globalThis.__SCAIDNS_IDP_STATE__) {
    fs.rmSync(globalThis.__SCAIDNS_IDP_STATE__, { recursive: true, force: true });
  }
};
