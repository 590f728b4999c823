import { QueueName } from 'src/jobs/queue-names';

/** The nameservers queue (registered by JobsModule like every queue). */
export const NAMESERVERS_QUEUE = QueueName.Nameservers;

/** Job names of the nameservers queue. */
export const NameserverJobName = {
  /** One-off, from PUT /api/v1/admin/nameservers: rewrite the apex NS and SOA of every published zone. */
  Rewrite: 'nameservers.rewrite',
} as const;

/** The rewrite to run: its row (nameserver_rewrites) holds the list and receives the progress. */
export interface RewritePayload {
  rewriteId: string;
}

/** Payload of each job name of the nameservers queue. */
export interface NameserverJobs {
  [NameserverJobName.Rewrite]: RewritePayload;
}
