import { Resolver } from 'node:dns/promises';

/** A DNS resolver aimed at one PowerDNS instance (no caching, one try, short timeout). */
export function pdnsResolver(port: number, address = '127.0.0.1'): Resolver {
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([`${address}:${port}`]);
  return resolver;
}

/** The DNS error code of a failed lookup (`EREFUSED`, `ENOTFOUND`, `ENODATA`, ...), or 'OK'. */
export async function dnsOutcome(lookup: Promise<unknown>): Promise<string> {
  try {
    await lookup;
    return 'OK';
  } catch (error) {
    return String((error as { code?: unknown }).code ?? error);
  }
}
