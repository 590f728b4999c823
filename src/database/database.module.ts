import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from 'src/config/app-config';
import { buildDataSourceOptions } from 'src/database/typeorm-options';
import { TransactionRunner } from 'src/database/transaction-runner';
import { QueryMetricsLogger } from 'src/database/query-metrics.logger';
import { MetricsService } from 'src/metrics/metrics.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig, MetricsService],
      useFactory: (config: AppConfig, metrics: MetricsService) => ({
        ...buildDataSourceOptions(config.database, new QueryMetricsLogger(metrics)),
        migrationsRun: config.database.migrateOnStart,
        // Fail fast: a wrong DATABASE_URL should stop the boot in seconds, not after ten retries.
        retryAttempts: 2,
        retryDelay: 1000,
      }),
    }),
  ],
  providers: [TransactionRunner],
  exports: [TransactionRunner],
})
export class DatabaseModule {}
