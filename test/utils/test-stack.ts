/** What global-setup.js started, as seen from a test file. */
export interface TestStack {
  pdns: { apiUrl: string; apiKey: string; dnsPort: number };
  upstream: { apiUrl: string; apiKey: string; dnsPort: number };
  idp: {
    issuer: string;
    base_url: string;
    discovery_url: string;
    state_dir: string;
    audience: string;
    users: { id: string; email: string; password: string; tenant_id: string; role: string | null }[];
    clients: { client_id: string; client_secret?: string; grant_types: string[]; tenant_id?: string }[];
  };
  databaseUrl: string;
  redisUrl: string;
  runId: string;
}

export function testStack(): TestStack {
  const raw = process.env.SCAIDNS_TEST_STACK;
  if (!raw) {
    throw new Error(
      'SCAIDNS_TEST_STACK is not set: run e2e tests through jest (the e2e project has a globalSetup)',
    );
  }
  return JSON.parse(raw) as TestStack;
}
