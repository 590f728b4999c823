import { Injectable, Logger } from '@nestjs/common';
import { RequestContext } from 'src/common/context/request-context';
import { DomainEntity } from 'src/domains/entities/domain.entity';

export type ZoneActivatedListener = (context: RequestContext, domain: DomainEntity) => Promise<void>;

/**
 * Work that follows a zone going live (applying the template chosen at creation, ...). Capabilities register a
 * listener at start-up; a failing listener is logged and does not undo the activation.
 */
@Injectable()
export class ZoneActivationHooks {
  private readonly logger = new Logger(ZoneActivationHooks.name);
  private readonly listeners: { name: string; listener: ZoneActivatedListener }[] = [];

  register(name: string, listener: ZoneActivatedListener): void {
    this.listeners.push({ name, listener });
  }

  async zoneActivated(context: RequestContext, domain: DomainEntity): Promise<void> {
    for (const { name, listener } of this.listeners) {
      try {
        await listener(context, domain);
      } catch (error) {
        this.logger.error(`After activating ${domain.name}, "${name}" failed: ${String(error)}`);
      }
    }
  }
}
