import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** Undo steps for changes made outside the database (PowerDNS) inside a transaction. */
export class Compensations {
  private readonly steps: { label: string; undo: () => Promise<unknown> }[] = [];

  /** Registers how to undo an external change that has just succeeded. */
  add(label: string, undo: () => Promise<unknown>): void {
    this.steps.unshift({ label, undo });
  }

  async runAll(logger: Logger): Promise<void> {
    for (const step of this.steps) {
      try {
        await step.undo();
      } catch (error) {
        logger.error(`Could not undo "${step.label}" after a failed transaction: ${String(error)}`);
      }
    }
  }
}

/**
 * Runs a unit of work in one MariaDB transaction. Work that also changes PowerDNS does it last, inside the
 * transaction, and registers how to undo it: if anything fails afterwards (including the commit itself) the
 * database rolls back and the undo steps run, so a change reaches both stores or neither.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);

  constructor(private readonly dataSource: DataSource) {}

  async run<T>(work: (manager: EntityManager, compensations: Compensations) => Promise<T>): Promise<T> {
    const compensations = new Compensations();
    try {
      return await this.dataSource.transaction((manager) => work(manager, compensations));
    } catch (error) {
      await compensations.runAll(this.logger);
      throw error;
    }
  }
}
