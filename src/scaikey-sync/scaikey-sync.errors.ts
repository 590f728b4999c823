import { AppException } from 'src/common/errors/app.exception';

/** The webhook receiver refuses every event while SCAIKEY_WEBHOOK_SECRET is unset (fail closed). */
export class WebhookNotConfiguredError extends AppException {
  constructor() {
    super(
      503,
      'ScaiKey webhooks are not configured on this server (SCAIKEY_WEBHOOK_SECRET is unset)',
      'WEBHOOK_NOT_CONFIGURED',
    );
  }
}

/** Missing, malformed, expired or wrong `X-ScaiKey-Signature`. */
export class WebhookSignatureError extends AppException {
  constructor(detail: string) {
    super(401, detail, 'WEBHOOK_SIGNATURE_INVALID');
  }
}

/** The signed body cannot be read at all. */
export class WebhookBodyError extends AppException {
  constructor(detail: string) {
    super(400, detail, 'WEBHOOK_BODY_INVALID');
  }
}

/** A verified event that names nothing the cache can act on; answered 200 with `success: false`. */
export class UnprocessableEventError extends AppException {
  constructor(detail: string) {
    super(422, detail, 'WEBHOOK_EVENT_UNPROCESSABLE');
  }
}

/** A sync job id that the queue does not know (never existed, or its record expired). */
export class SyncJobNotFoundError extends AppException {
  constructor() {
    super(404, 'Sync job not found', 'SYNC_JOB_NOT_FOUND');
  }
}
