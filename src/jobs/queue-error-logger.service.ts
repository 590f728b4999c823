import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { ALL_QUEUES } from 'src/jobs/queue-names';

const REPORT_EVERY_MS = 30_000;

/**
 * Queues emit `error` on every failed Redis reconnect; without a listener BullMQ prints them to the console. This
 * routes them to the log, at most one line per queue every 30 s (readiness reports the outage itself).
 */
@Injectable()
export class QueueErrorLogger implements OnModuleInit {
  private readonly logger = new Logger('Jobs');

  constructor(private readonly moduleRef: ModuleRef) {}

  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      const queue = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      let lastReport = 0;
      queue.on('error', (error: Error) => {
        if (Date.now() - lastReport > REPORT_EVERY_MS) {
          lastReport = Date.now();
          this.logger.warn(`Queue "${name}": ${error.message}`);
        }
      });
    }
  }
}
