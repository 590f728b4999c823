import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import { isDuplicateKeyError } from 'src/database/database-errors';
import {
  ScaiKeyWebhookEventEntity,
  WebhookOutcome,
} from 'src/scaikey-sync/entities/scaikey-webhook-event.entity';

/** The ids of handled webhook events and their outcome (event-id deduplication). */
@Injectable()
export class ScaiKeyWebhookEventsRepository {
  constructor(
    @InjectRepository(ScaiKeyWebhookEventEntity)
    private readonly events: Repository<ScaiKeyWebhookEventEntity>,
  ) {}

  findById(eventId: string): Promise<ScaiKeyWebhookEventEntity | null> {
    return this.events.findOneBy({ eventId });
  }

  /**
   * Claims the event id inside the caller's transaction, so the claim commits or rolls back with the event's
   * effects. Returns false when the id is already recorded: a concurrent delivery of the same event waits on the
   * row lock here until the first one commits, and then gets false.
   */
  async claim(
    manager: EntityManager,
    entry: { eventId: string; eventType: string; outcome: WebhookOutcome; message: string },
  ): Promise<boolean> {
    try {
      await manager.getRepository(ScaiKeyWebhookEventEntity).insert(entry);
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        return false;
      }
      throw error;
    }
  }

  async setOutcome(
    manager: EntityManager,
    eventId: string,
    outcome: WebhookOutcome,
    message: string,
  ): Promise<void> {
    await manager
      .getRepository(ScaiKeyWebhookEventEntity)
      .update({ eventId }, { outcome, message: message.slice(0, 1024) });
  }

  /** Records an outcome outside any transaction (failed events); an id recorded meanwhile is kept as it is. */
  async recordOnce(entry: {
    eventId: string;
    eventType: string;
    outcome: WebhookOutcome;
    message: string;
  }): Promise<void> {
    await this.events
      .createQueryBuilder()
      .insert()
      .values({ ...entry, message: entry.message.slice(0, 1024) })
      .orIgnore()
      .execute();
  }

  /** Forgets events received before `before`; returns how many. */
  async pruneOlderThan(before: Date): Promise<number> {
    const result = await this.events.delete({ receivedAt: LessThan(before) });
    return result.affected ?? 0;
  }
}
