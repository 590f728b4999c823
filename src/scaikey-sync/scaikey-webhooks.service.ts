import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from 'src/audit/audit.service';
import { RequestContext } from 'src/common/context/request-context';
import { AppException } from 'src/common/errors/app.exception';
import { AppConfig } from 'src/config/app-config';
import { MetricsService } from 'src/metrics/metrics.service';
import { PermissionsService } from 'src/roles/permissions.service';
import { WebhookAnswerDto } from 'src/scaikey-sync/dto/webhook-answer.dto';
import { ScaiKeyWebhookEventEntity } from 'src/scaikey-sync/entities/scaikey-webhook-event.entity';
import { CacheChange } from 'src/scaikey-sync/identity-cache-writer.service';
import { ScaiKeyEvent, parseEvent } from 'src/scaikey-sync/scaikey-event';
import { ScaiKeyEventHandler } from 'src/scaikey-sync/scaikey-event-handler.service';
import {
  WebhookBodyError,
  WebhookNotConfiguredError,
  WebhookSignatureError,
} from 'src/scaikey-sync/scaikey-sync.errors';
import { ScaiKeySyncRepository } from 'src/scaikey-sync/scaikey-sync.repository';
import { ScaiKeyWebhookEventsRepository } from 'src/scaikey-sync/scaikey-webhook-events.repository';
import { verifyWebhookSignature } from 'src/scaikey-sync/scaikey-webhook-signature';

export interface WebhookDelivery {
  rawBody: Buffer | undefined;
  signature: string | undefined;
  eventIdHeader: string | undefined;
}

type MetricStatus = 'processed' | 'ignored' | 'failed' | 'duplicate' | 'rejected' | 'not_configured';

/**
 * The ScaiKey webhook receiver: verifies the HMAC signature over the raw bytes (fail closed without a secret),
 * deduplicates by event id, applies the event to the identity cache in one transaction with its audit entries and
 * the event-id record, and answers as ScaiKey expects: 200 even when processing failed (`success: false`), so a
 * broken event is not retried forever; the periodic sync repairs whatever it left.
 */
@Injectable()
export class ScaiKeyWebhooksService {
  private readonly logger = new Logger(ScaiKeyWebhooksService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly events: ScaiKeyWebhookEventsRepository,
    private readonly repository: ScaiKeySyncRepository,
    private readonly handler: ScaiKeyEventHandler,
    private readonly permissions: PermissionsService,
    private readonly audit: AuditService,
    private readonly metrics: MetricsService,
  ) {}

  async receive(context: RequestContext, delivery: WebhookDelivery): Promise<WebhookAnswerDto> {
    const secret = this.config.scaikey.webhookSecret;
    if (!secret) {
      this.count('unknown', 'not_configured');
      this.logger.warn('ScaiKey webhook refused: SCAIKEY_WEBHOOK_SECRET is not configured');
      throw new WebhookNotConfiguredError();
    }
    if (!delivery.rawBody) {
      this.count('unknown', 'rejected');
      throw new WebhookBodyError('Send the event as application/json');
    }
    const check = verifyWebhookSignature(
      delivery.signature,
      delivery.rawBody,
      secret,
      Math.floor(Date.now() / 1000),
    );
    if (!check.ok) {
      this.count('unknown', 'rejected');
      this.logger.warn(
        `ScaiKey webhook refused (${check.reason}) from ${context.ip ?? 'unknown address'}: ${check.detail}`,
      );
      throw new WebhookSignatureError(check.detail);
    }
    let body: unknown;
    try {
      body = JSON.parse(delivery.rawBody.toString('utf8'));
    } catch {
      this.count('unknown', 'failed');
      return { success: false, message: 'The event body is not valid JSON', event_id: null };
    }
    const event = parseEvent(body, delivery.eventIdHeader);
    if ('error' in event) {
      this.count('unknown', 'failed');
      this.logger.warn(`ScaiKey webhook: ${event.error}`);
      return { success: false, message: event.error, event_id: null };
    }
    if (event.id) {
      const seen = await this.events.findById(event.id);
      if (seen) {
        return this.duplicate(seen);
      }
    }
    if (!this.handler.handles(event.type)) {
      const message = `Event ${event.type} ignored`;
      if (event.id) {
        await this.events.recordOnce({
          eventId: event.id,
          eventType: event.type,
          outcome: 'ignored',
          message,
        });
      }
      this.count(event.type, 'ignored');
      this.logger.log(`ScaiKey webhook ${event.type} ${event.id ?? '(no id)'} ignored`);
      return { success: true, message, event_id: event.id };
    }
    return this.process(context, { ...event, type: event.type });
  }

  private async process(
    context: RequestContext,
    event: ScaiKeyEvent & { type: Parameters<ScaiKeyEventHandler['handle']>[1]['type'] },
  ): Promise<WebhookAnswerDto> {
    const message = `Event ${event.type} processed successfully`;
    const started = Date.now();
    try {
      const changes = await this.repository.transaction(async (manager) => {
        if (
          event.id &&
          !(await this.events.claim(manager, {
            eventId: event.id,
            eventType: event.type,
            outcome: 'processed',
            message,
          }))
        ) {
          return null; // a concurrent delivery of the same event won
        }
        const scope = { manager, context, actor: { type: 'webhook' as const, id: event.id } };
        const applied = await this.handler.handle(scope, event);
        if (applied.length === 0) {
          // Nothing differed from the cache: the event is still on record as received and handled.
          const tenant = await this.handler.tenantOf(event);
          await this.audit.record(
            context,
            {
              action: 'webhook.process',
              resourceType: 'webhook',
              resourceId: event.id,
              resourceName: event.type,
              tenantId: tenant?.id ?? null,
              extra: { event_type: event.type, changes: 0 },
            },
            manager,
            scope.actor,
          );
        }
        return applied;
      });
      if (changes === null) {
        const seen = await this.events.findById(event.id!);
        return seen ? this.duplicate(seen) : { success: true, message, event_id: event.id };
      }
      if (changes.some(affectsPermissions)) {
        await this.permissions.invalidate();
      }
      this.count(event.type, 'processed');
      this.logger.log(
        `ScaiKey webhook ${event.type} ${event.id ?? '(no id)'} processed in ${Date.now() - started} ms: ` +
          (changes.length > 0
            ? changes.map((change) => `${change.entity} ${change.action} ${change.scaikey_id}`).join(', ')
            : 'no change'),
      );
      return { success: true, message, event_id: event.id };
    } catch (error) {
      const reason =
        error instanceof AppException && typeof error.detail === 'string' ? error.detail : 'internal error';
      const failure = `Event ${event.type} could not be processed: ${reason}`;
      if (error instanceof AppException) {
        this.logger.warn(`ScaiKey webhook ${event.type} ${event.id ?? '(no id)'} failed: ${reason}`);
      } else {
        this.logger.error(
          `ScaiKey webhook ${event.type} ${event.id ?? '(no id)'} failed: ${String(error)}`,
          error instanceof Error ? error.stack : undefined,
        );
      }
      if (event.id) {
        await this.events
          .recordOnce({ eventId: event.id, eventType: event.type, outcome: 'failed', message: failure })
          .catch((recordError: unknown) =>
            this.logger.error(`Could not record the failed event ${event.id}: ${String(recordError)}`),
          );
      }
      this.count(event.type, 'failed');
      return { success: false, message: failure, event_id: event.id };
    }
  }

  /** A redelivery: the original answer, nothing processed again. */
  private duplicate(seen: ScaiKeyWebhookEventEntity): WebhookAnswerDto {
    this.count(seen.eventType, 'duplicate');
    this.logger.log(
      `ScaiKey webhook ${seen.eventType} ${seen.eventId} is a duplicate (first outcome: ${seen.outcome})`,
    );
    return {
      success: seen.outcome !== 'failed',
      message: seen.message,
      event_id: seen.eventId,
      duplicate: true,
    };
  }

  private count(eventType: string, status: MetricStatus): void {
    this.metrics.webhookEvents.inc({ event_type: eventType.slice(0, 64), status });
  }
}

function affectsPermissions(change: CacheChange): boolean {
  return change.entity === 'user' || change.entity === 'group' || change.entity === 'membership';
}
