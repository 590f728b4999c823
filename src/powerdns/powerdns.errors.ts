import { AppException } from 'src/common/errors/app.exception';

/**
 * How PowerDNS failures reach ScaiDNS's clients. The global filter renders `{"detail": detail}` with `status`.
 *
 * | PowerDNS outcome                               | error                        | HTTP |
 * |------------------------------------------------|------------------------------|------|
 * | connection refused / reset, DNS failure        | PowerDnsUnavailableError     | 503 (+ Retry-After) |
 * | no answer within timeoutMs                     | PowerDnsTimeoutError         | 504  |
 * | 422 `{"error": ...}`                            | PowerDnsRejectedError        | 400  |
 * | ScaiDNS-side check failed before sending       | PowerDnsInvalidRequestError  | 400  |
 * | 409 (zone exists)                              | PowerDnsConflictError        | 409  |
 * | 404 where the caller expected the object       | PowerDnsNotFoundError        | 502  |
 * | 401/403 (API key)                              | PowerDnsAuthError            | 502  |
 * | 500/502/503 after retries, 400, 405, other     | PowerDnsServerError          | 502  |
 * | zone write lock not obtained in time           | ZoneLockTimeoutError         | 503 (+ Retry-After) |
 * | Redis failed while locking                     | ZoneLockUnavailableError     | 503  |
 *
 * Not-found is 502, not 404: ScaiDNS's database is the source of truth for which zones exist (and who owns them), and
 * callers check it before they call PowerDNS. Reads that may legitimately miss return null/false instead of throwing
 * (`getZone`, `getCryptokey`, `deleteZone`, `deleteCryptokey`). So a 404 that reaches this error means PowerDNS and
 * ScaiDNS have drifted apart (zone removed out of band, wrong server id): a fault of the upstream, not of the client,
 * who must not be told that a zone ScaiDNS lists "does not exist".
 *
 * No message ever contains the API key or request headers.
 */
export abstract class PowerDnsError extends AppException {
  /** How many HTTP attempts were made (set by the HTTP client). */
  attempts = 1;
  /** True when an earlier attempt failed in a way that may have left its change applied (reset, 5xx). */
  earlierAttemptMayHaveApplied = false;

  protected constructor(
    status: number,
    detail: unknown,
    code: string,
    /** ScaiDNS's name for the call, e.g. `patchRrsets`. */
    readonly operation: string,
    /** The PowerDNS HTTP status, or null when PowerDNS gave none (connection error, timeout, ScaiDNS-side check). */
    readonly pdnsStatus: number | null,
    /** PowerDNS's message: the 422 JSON `error`, or the plain-text body; or the transport error. */
    readonly pdnsMessage: string | null,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(status, detail, code, options);
    this.message = `${operation}: ${typeof detail === 'string' ? detail : code}${
      pdnsMessage !== null && typeof detail !== 'string' ? ` (${pdnsMessage})` : ''
    }`;
  }
}

export class PowerDnsUnavailableError extends PowerDnsError {
  constructor(operation: string, reason: string, options?: { cause?: unknown }) {
    super(503, `PowerDNS is unavailable: ${reason}`, 'PDNS_UNAVAILABLE', operation, null, reason, {
      ...options,
      headers: { 'Retry-After': '5' },
    });
  }
}

export class PowerDnsTimeoutError extends PowerDnsError {
  constructor(
    operation: string,
    readonly timeoutMs: number,
  ) {
    super(504, `PowerDNS did not answer within ${timeoutMs} ms`, 'PDNS_TIMEOUT', operation, null, 'timeout');
  }
}

/** The body of a 400 caused by PowerDNS refusing a change (or ScaiDNS refusing it before PowerDNS could). */
export interface PowerDnsRejectionDetail {
  /** A sentence for humans. */
  message: string;
  /** The bare reason, e.g. PowerDNS's `Record a.example.org./A 'nope': Parsing record content ...`. */
  reason: string;
}

export class PowerDnsRejectedError extends PowerDnsError {
  declare readonly detail: PowerDnsRejectionDetail;

  constructor(operation: string, pdnsMessage: string) {
    const detail: PowerDnsRejectionDetail = {
      message: `PowerDNS rejected the change: ${pdnsMessage}`,
      reason: pdnsMessage,
    };
    super(400, detail, 'PDNS_REJECTED', operation, 422, pdnsMessage);
  }
}

/** ScaiDNS refused to send something PowerDNS would accept but must not get (P2, P3, P5), or would reject anyway. */
export class PowerDnsInvalidRequestError extends PowerDnsError {
  declare readonly detail: PowerDnsRejectionDetail;

  constructor(operation: string, reason: string) {
    const detail: PowerDnsRejectionDetail = { message: `Invalid DNS change: ${reason}`, reason };
    super(400, detail, 'PDNS_INVALID_REQUEST', operation, null, null);
  }
}

export class PowerDnsConflictError extends PowerDnsError {
  constructor(operation: string, what: string, pdnsMessage = 'Conflict') {
    super(409, `${what} already exists`, 'PDNS_CONFLICT', operation, 409, pdnsMessage);
  }
}

export class PowerDnsNotFoundError extends PowerDnsError {
  constructor(operation: string, what: string, pdnsMessage = 'Not Found') {
    super(502, `PowerDNS has no ${what}`, 'PDNS_NOT_FOUND', operation, 404, pdnsMessage);
  }
}

export class PowerDnsAuthError extends PowerDnsError {
  constructor(operation: string, pdnsStatus: number, pdnsMessage: string) {
    super(
      502,
      'ScaiDNS is misconfigured: PowerDNS rejected the API key',
      'PDNS_AUTH',
      operation,
      pdnsStatus,
      pdnsMessage,
    );
  }
}

export class PowerDnsServerError extends PowerDnsError {
  constructor(
    operation: string,
    pdnsStatus: number | null,
    pdnsMessage: string,
    options?: { cause?: unknown },
  ) {
    super(
      502,
      pdnsStatus === null
        ? `PowerDNS failed: ${pdnsMessage}`
        : `PowerDNS failed with HTTP ${pdnsStatus}: ${pdnsMessage}`,
      'PDNS_SERVER_ERROR',
      operation,
      pdnsStatus,
      pdnsMessage,
      options,
    );
  }
}

export class ZoneLockTimeoutError extends AppException {
  constructor(
    readonly zone: string,
    readonly waitedMs: number,
    retryAfterSeconds: number,
  ) {
    super(503, 'Another change to this zone is in progress', 'ZONE_LOCK_TIMEOUT', {
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}

export class ZoneLockUnavailableError extends AppException {
  constructor(
    readonly zone: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      503,
      'Zone changes are unavailable right now: the lock service did not answer',
      'ZONE_LOCK_UNAVAILABLE',
      {
        ...options,
        headers: { 'Retry-After': '5' },
      },
    );
    this.message = `zone lock for ${zone}: ${reason}`;
  }
}
