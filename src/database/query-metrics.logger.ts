import { Logger } from '@nestjs/common';
import { Logger as TypeOrmLogger } from 'typeorm';
import { MetricsService } from 'src/metrics/metrics.service';

/** Feeds TypeORM's query hooks into Prometheus; query text is logged only at debug and never with parameters. */
export class QueryMetricsLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  constructor(private readonly metrics: MetricsService) {}

  logQuery(query: string): void {
    this.metrics.dbQueries.inc();
    this.logger.verbose(query);
  }

  logQuerySlow(time: number): void {
    this.metrics.dbQueryDuration.observe(time / 1000);
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.warn(
      `Query failed: ${error instanceof Error ? error.message : error} (${query.slice(0, 200)})`,
    );
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') {
      this.logger.warn(String(message));
    }
  }
}
