/**
 * The one base for errors that the API answers on purpose. `detail` is what the client sees, in the documented
 * `{"detail": ...}` body; `code` is a stable machine name for logs and metrics. Anything that is not an
 * AppException (or a Nest HttpException) is unexpected and becomes a 500 with a correlation id.
 */
export class AppException extends Error {
  constructor(
    readonly status: number,
    readonly detail: unknown,
    readonly code: string,
    options?: { cause?: unknown; headers?: Record<string, string> },
  ) {
    super(
      typeof detail === 'string' ? detail : code,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.headers = options?.headers ?? {};
  }

  readonly headers: Record<string, string>;
}

export class NotFoundError extends AppException {
  constructor(what: string) {
    super(404, `${what} not found`, 'NOT_FOUND');
  }
}

export class ConflictError extends AppException {
  constructor(detail: unknown, code = 'CONFLICT') {
    super(409, detail, code);
  }
}

export class BadRequestError extends AppException {
  constructor(detail: unknown, code = 'BAD_REQUEST') {
    super(400, detail, code);
  }
}

export class UnauthorizedError extends AppException {
  constructor(detail = 'Not authenticated') {
    super(401, detail, 'UNAUTHORIZED', { headers: { 'WWW-Authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends AppException {
  constructor(detail = 'Permission denied') {
    super(403, detail, 'FORBIDDEN');
  }
}
