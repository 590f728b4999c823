import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * Owns the Prometheus registry. Each instance has its own registry so that several apps in one process
 * (the e2e suites boot many) never collide on metric names.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = this.counter('scaidns_http_requests_total', 'HTTP requests served', [
    'method',
    'path',
    'status',
  ]);
  readonly httpDuration = this.histogram('scaidns_http_request_duration_seconds', 'HTTP request duration', [
    'method',
    'path',
  ]);
  readonly dbQueries = this.counter('scaidns_db_queries_total', 'Database queries issued', []);
  readonly dbQueryDuration = this.histogram(
    'scaidns_db_query_duration_seconds',
    'Database query duration (queries of 1 ms or more)',
    [],
  );
  readonly pdnsRequests = this.counter('scaidns_pdns_requests_total', 'PowerDNS API requests', [
    'method',
    'operation',
    'status',
  ]);
  readonly pdnsDuration = this.histogram(
    'scaidns_pdns_request_duration_seconds',
    'PowerDNS API request duration',
    ['method', 'operation'],
  );
  readonly validationChecks = this.counter('scaidns_validation_checks_total', 'Zone ownership checks', [
    'result',
  ]);
  readonly apiKeyUsage = this.counter('scaidns_api_key_usage_total', 'Requests authenticated by API key', [
    'key_id',
  ]);
  readonly webhookEvents = this.counter('scaidns_webhook_events_total', 'ScaiKey webhook events received', [
    'event_type',
    'status',
  ]);
  readonly workerJobs = this.counter('scaidns_worker_jobs_total', 'Background jobs run', ['queue', 'status']);
  readonly workerJobDuration = this.histogram(
    'scaidns_worker_jobs_duration_seconds',
    'Background job duration',
    ['queue'],
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'scaidns_process_' });
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: L[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets: DURATION_BUCKETS, registers: [this.registry] });
  }
}
