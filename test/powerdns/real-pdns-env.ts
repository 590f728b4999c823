/** Where the real PowerDNS for the e2e suite lives. */
export interface RealPdnsEnv {
  apiUrl: string;
  apiKey: string;
  dnsPort: number;
  serverId: string;
  redisUrl: string;
}

/**
 * PDNS_API_URL / PDNS_API_KEY / PDNS_DNS_PORT (as printed by pdns-start.sh, for runs by hand) win; otherwise the
 * e2e global setup's SCAIDNS_TEST_STACK (its `pdns` section and `redisUrl`) is used.
 */
export function realPdnsEnv(env: NodeJS.ProcessEnv = process.env): RealPdnsEnv {
  const stack = env.SCAIDNS_TEST_STACK
    ? (JSON.parse(env.SCAIDNS_TEST_STACK) as {
        pdns?: { apiUrl?: string; apiKey?: string; dnsPort?: number };
        redisUrl?: string;
      })
    : {};
  const apiUrl = env.PDNS_API_URL ?? stack.pdns?.apiUrl;
  const apiKey = env.PDNS_API_KEY ?? stack.pdns?.apiKey;
  const dnsPort = Number(env.PDNS_DNS_PORT ?? stack.pdns?.dnsPort);
  if (!apiUrl || !apiKey || !Number.isInteger(dnsPort) || dnsPort <= 0) {
    throw new Error(
      'No PowerDNS for the e2e suite: run it through the e2e global setup (SCAIDNS_TEST_STACK), or export ' +
        'PDNS_API_URL, PDNS_API_KEY and PDNS_DNS_PORT from pdns-start.sh',
    );
  }
  return {
    apiUrl,
    apiKey,
    dnsPort,
    serverId: env.PDNS_SERVER_ID ?? 'localhost',
    redisUrl: env.REDIS_URL ?? stack.redisUrl ?? 'redis://127.0.0.1:6379/0',
  };
}
