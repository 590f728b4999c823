/**
 * Every BullMQ queue of ScaiDNS. JobsModule registers each one (producers in the API, the worker and the CLI can
 * inject it with `@InjectQueue(QueueName.X)`), and the worker refuses to start while one of them has no processor:
 * each capability's jobs module, imported by WorkerModule, provides it. A new queue goes here with its processor.
 */
export enum QueueName {
  /** Re-checks of open domain validations; on-demand checks of one zone (src/domains/validation/jobs). */
  Validation = 'validation',
  /** DNSSEC key rollovers (src/dnssec/jobs). */
  Dnssec = 'dnssec',
  /** ScaiKey identity sync, scheduled and on demand (src/scaikey-sync/jobs). */
  Sync = 'sync',
  /** Rewriting the NS sets of hosted zones after the platform nameservers change (src/platform-admin/jobs). */
  Nameservers = 'nameservers',
}

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);
