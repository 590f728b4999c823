import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JwksService } from 'src/auth/scaikey/jwks.service';
import { AppConfig } from 'src/config/app-config';
import { PowerDnsService } from 'src/powerdns/powerdns.service';
import { RedisService } from 'src/redis/redis.service';

export type CheckName = 'database' | 'redis' | 'pdns' | 'scaikey_jwks';

export interface ReadinessReport {
  status: 'ok' | 'degraded';
  /** `scaikey_webhooks` appears only as a note ("not configured"): it does not make the API unready. */
  checks: Record<CheckName, string> & { scaikey_webhooks?: string };
}

const CHECK_TIMEOUT_MS = 3000;

/** Readiness: every dependency a request may need, checked in parallel, each bounded by a timeout. */
@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
    private readonly pdns: PowerDnsService,
    private readonly jwks: JwksService,
    private readonly config: AppConfig,
  ) {}

  async readiness(): Promise<ReadinessReport> {
    const checks: Record<CheckName, () => Promise<unknown>> = {
      database: () => this.dataSource.query('SELECT 1'),
      redis: () => this.redis.ping(),
      pdns: () => this.pdns.ping(),
      scaikey_jwks: () => this.jwks.ensureLoaded(),
    };
    const names = Object.keys(checks) as CheckName[];
    const results = await Promise.all(names.map((name) => runCheck(checks[name])));
    const report = Object.fromEntries(names.map((name, index) => [name, results[index]])) as Record<
      CheckName,
      string
    >;
    // Without SCAIKEY_WEBHOOK_SECRET the webhook receiver refuses every event (503); the API itself still works,
    // so this is reported as a note, not as a failed check (scaikey-sync).
    const notes = this.config.scaikey.webhookSecret ? {} : { scaikey_webhooks: 'not configured' };
    return {
      status: results.every((result) => result === 'ok') ? 'ok' : 'degraded',
      checks: { ...report, ...notes },
    };
  }
}

async function runCheck(check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return 'ok';
  } catch (error) {
    return describeFailure(error);
  } finally {
    clearTimeout(timer);
  }
}

/** A short, secret-free reason such as "connection refused". */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|connection refused/i.test(text)) {
    return 'connection refused';
  }
  return text.replace(/\s+/g, ' ').slice(0, 200) || 'failed';
}
