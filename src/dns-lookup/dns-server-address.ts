import { isIP } from 'node:net';

/** One DNS server to send queries to: an IP literal (no host names, so no lookup is needed to reach it) and a port. */
export interface DnsServerAddress {
  host: string;
  port: number;
  family: 4 | 6;
}

/**
 * Parses `192.0.2.1`, `192.0.2.1:5311`, `2001:db8::1`, `[2001:db8::1]` and `[2001:db8::1]:5311`; the port defaults to
 * `defaultPort`. Throws on anything else (host names included).
 */
export function parseServerAddress(text: string, defaultPort = 53): DnsServerAddress {
  const value = text.trim();
  let host = value;
  let port = defaultPort;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  const v4WithPort = /^([\d.]+):(\d+)$/.exec(value);
  if (bracketed) {
    host = bracketed[1];
    port = bracketed[2] === undefined ? defaultPort : Number(bracketed[2]);
  } else if (v4WithPort) {
    host = v4WithPort[1];
    port = Number(v4WithPort[2]);
  }
  const family = isIP(host);
  if ((family !== 4 && family !== 6) || (bracketed && family !== 6)) {
    throw new Error(
      `invalid DNS server address ${JSON.stringify(text)}: expected ip, ip:port or [ipv6]:port`,
    );
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`invalid port in DNS server address ${JSON.stringify(text)}`);
  }
  return { host, port, family };
}

/** `127.0.0.1:53`, `[::1]:53`. */
export function formatServerAddress(server: DnsServerAddress): string {
  return server.family === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
