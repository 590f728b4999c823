import { Logger } from '@nestjs/common';
import { PowerDnsConfig } from 'src/config/app-config';
import { MetricsService } from 'src/metrics/metrics.service';
import {
  PowerDnsAuthError,
  PowerDnsConflictError,
  PowerDnsError,
  PowerDnsNotFoundError,
  PowerDnsRejectedError,
  PowerDnsServerError,
  PowerDnsTimeoutError,
  PowerDnsUnavailableError,
} from 'src/powerdns/powerdns.errors';

export type PowerDnsMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * - `idempotent`: repeating the request is harmless, so it is retried on connection errors and on 500/502/503.
 *   (PowerDNS rolls back a PATCH that fails with 500, and replaying a REPLACE/DELETE gives the same rrsets.)
 * - `unsent-only`: the request must not run twice (e.g. creating a cryptokey), so it is retried only when the
 *   failure proves it never reached PowerDNS (connection refused, DNS lookup failed, ...).
 */
export type RetryPolicy = 'idempotent' | 'unsent-only';

export interface PowerDnsRequest {
  method: PowerDnsMethod;
  /** Path below `/api/v1/servers/{serverId}`, already URL-encoded; '' for the server itself. */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** ScaiDNS's name for the call, used in metrics, logs and errors (e.g. `patchRrsets`). */
  operation: string;
  retry: RetryPolicy;
  /** What a 404/409 refers to, for the error detail, e.g. `zone example.org.`. */
  subject?: string;
  /** Statuses (besides 2xx) that are returned instead of thrown, e.g. [404] for "read or null". */
  accept?: number[];
}

export interface PowerDnsResponse {
  status: number;
  body: string;
}

export interface PowerDnsHttpClientOptions {
  /** First retry delay; doubles per retry, with jitter. */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Transport error codes that prove the request never reached PowerDNS, so even a non-idempotent call may be retried. */
const UNSENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);
const RETRYABLE_STATUSES = new Set([500, 502, 503]);
const MAX_MESSAGE_CHARS = 500;

type AttemptOutcome =
  | { kind: 'response'; response: PowerDnsResponse }
  | { kind: 'transport'; code: string; reason: string; unsent: boolean; cause: unknown }
  | { kind: 'timeout' };

/**
 * The only place that speaks HTTP to PowerDNS: one request = fetch with a timeout (AbortSignal), retries with
 * exponential backoff and jitter, a metric sample per attempt, and PowerDNS's error replies (only 422 is JSON, the rest
 * is a plain-text reason phrase, P8) turned into typed PowerDnsErrors. Timeouts are never retried: the request may
 * still be running inside PowerDNS, and a second copy would race it.
 */
export class PowerDnsHttpClient {
  private readonly logger = new Logger(PowerDnsHttpClient.name);
  private readonly baseUrl: string;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(
    private readonly config: PowerDnsConfig,
    private readonly metrics: MetricsService,
    options: PowerDnsHttpClientOptions = {},
  ) {
    this.baseUrl = `${config.apiUrl.replace(/\/+$/, '')}/api/v1/servers/${encodeURIComponent(config.serverId)}`;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 2000;
  }

  /** Sends the request and returns a 2xx (or accepted) response; throws a PowerDnsError otherwise. */
  async request(req: PowerDnsRequest): Promise<PowerDnsResponse> {
    const maxAttempts = 1 + Math.max(0, this.config.retries);
    const url = this.url(req);
    const logPath = url.slice(this.config.apiUrl.replace(/\/+$/, '').length);
    let mayHaveApplied = false;

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(req, url, logPath, attempt);
      const retryable = this.isRetryable(req.retry, outcome);
      if (retryable && attempt < maxAttempts) {
        const delay = this.backoff(attempt);
        this.logger.warn(
          `${req.method} ${logPath} (${req.operation}) attempt ${attempt}/${maxAttempts} failed: ${describe(outcome)}; retrying in ${delay} ms`,
        );
        mayHaveApplied ||= !(outcome.kind === 'transport' && outcome.unsent);
        await sleep(delay);
        continue;
      }
      if (
        outcome.kind === 'response' &&
        (isSuccess(outcome.response.status) || req.accept?.includes(outcome.response.status))
      ) {
        return outcome.response;
      }
      const error = this.toError(req, outcome);
      error.attempts = attempt;
      error.earlierAttemptMayHaveApplied = mayHaveApplied;
      this.logger.warn(
        `${req.method} ${logPath} (${req.operation}) failed after ${attempt} attempt(s): ${describe(outcome)}`,
      );
      throw error;
    }
  }

  /**
   * `request` plus JSON parsing of a 2xx body. `data` is undefined for an empty body and for an accepted non-2xx status
   * (whose body is PowerDNS's plain text), so check `status` first when using `accept`.
   */
  async requestJson<T>(req: PowerDnsRequest): Promise<{ status: number; data: T }> {
    const response = await this.request(req);
    if (!isSuccess(response.status) || response.body.trim() === '') {
      return { status: response.status, data: undefined as T };
    }
    try {
      return { status: response.status, data: JSON.parse(response.body) as T };
    } catch (error) {
      throw new PowerDnsServerError(req.operation, response.status, 'PowerDNS sent a body that is not JSON', {
        cause: error,
      });
    }
  }

  private url(req: PowerDnsRequest): string {
    const query = req.query ? `?${new URLSearchParams(req.query).toString()}` : '';
    return `${this.baseUrl}${req.path}${query}`;
  }

  private async attempt(
    req: PowerDnsRequest,
    url: string,
    logPath: string,
    attempt: number,
  ): Promise<AttemptOutcome> {
    const started = performance.now();
    let outcome: AttemptOutcome;
    try {
      // No `Accept: application/json`: PowerDNS then answers errors other than 422 as plain text (recipe §6), and the
      // zone export as a text zone file rather than `{"zone": "..."}`. Both error forms are parsed anyway.
      const headers: Record<string, string> = { 'X-API-Key': this.config.apiKey };
      let body: string | undefined;
      if (req.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(req.body);
      }
      const signal = AbortSignal.timeout(this.config.timeoutMs);
      const res = await fetch(url, { method: req.method, headers, body, signal, redirect: 'manual' });
      // The body read is covered by the same timeout signal.
      const text = await res.text();
      outcome = { kind: 'response', response: { status: res.status, body: text } };
    } catch (error) {
      outcome = classifyThrown(error);
    }
    const ms = performance.now() - started;
    const status =
      outcome.kind === 'response'
        ? String(outcome.response.status)
        : outcome.kind === 'timeout'
          ? 'timeout'
          : 'error';
    this.metrics.pdnsRequests.inc({ method: req.method, operation: req.operation, status });
    this.metrics.pdnsDuration.observe({ method: req.method, operation: req.operation }, ms / 1000);
    this.logger.debug(
      `${req.method} ${logPath} (${req.operation}) -> ${status} in ${ms.toFixed(1)} ms, attempt ${attempt}`,
    );
    return outcome;
  }

  private isRetryable(policy: RetryPolicy, outcome: AttemptOutcome): boolean {
    switch (outcome.kind) {
      case 'timeout':
        return false;
      case 'transport':
        return outcome.unsent || policy === 'idempotent';
      case 'response':
        return policy === 'idempotent' && RETRYABLE_STATUSES.has(outcome.response.status);
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    // "Equal jitter": at least half the ceiling, so retries never bunch up at 0 ms.
    return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
  }

  private toError(req: PowerDnsRequest, outcome: AttemptOutcome): PowerDnsError {
    if (outcome.kind === 'timeout') {
      return new PowerDnsTimeoutError(req.operation, this.config.timeoutMs);
    }
    if (outcome.kind === 'transport') {
      return new PowerDnsUnavailableError(req.operation, outcome.reason, { cause: outcome.cause });
    }
    const { status, body } = outcome.response;
    const message = errorMessage(body);
    const subject = req.subject ?? `resource ${req.method} ${req.path || '/'}`;
    switch (status) {
      case 422:
        return new PowerDnsRejectedError(req.operation, message);
      case 404:
        return new PowerDnsNotFoundError(req.operation, subject, message);
      case 409:
        return new PowerDnsConflictError(req.operation, capitalize(subject), message);
      case 401:
      case 403:
        return new PowerDnsAuthError(req.operation, status, message);
      default:
        return new PowerDnsServerError(req.operation, status, message || `HTTP ${status}`);
    }
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function classifyThrown(error: unknown): AttemptOutcome {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return { kind: 'timeout' };
  }
  // undici wraps socket errors: TypeError('fetch failed', { cause }) and, for several addresses, an AggregateError.
  let cause: unknown = (error as { cause?: unknown } | null)?.cause ?? error;
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    cause = cause.errors[0];
  }
  const rawCode = (cause as { code?: unknown } | null)?.code;
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : 'UNKNOWN';
  const reason = cause instanceof Error ? cause.message || code : String(cause);
  return { kind: 'transport', code, reason, unsent: UNSENT_CODES.has(code), cause: error };
}

function describe(outcome: AttemptOutcome): string {
  switch (outcome.kind) {
    case 'timeout':
      return 'timeout';
    case 'transport':
      return `${outcome.code} ${outcome.reason}`;
    case 'response':
      return `HTTP ${outcome.response.status} ${errorMessage(outcome.response.body)}`;
  }
}

/**
 * PowerDNS's error text: the `error` of a JSON body (always for 422; for every status when the request asked for
 * JSON), else the plain-text body (the bare reason phrase), trimmed and capped.
 */
function errorMessage(body: string): string {
  let text = body.trim();
  if (text.startsWith('{')) {
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      if (typeof parsed?.error === 'string') {
        text = parsed.error;
      }
    } catch {
      // not JSON after all: keep the text
    }
  }
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}...` : text;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
