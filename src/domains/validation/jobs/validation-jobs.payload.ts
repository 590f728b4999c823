/** Job names of the validation queue. */
export const ValidationJobName = {
  /** Repeatable: re-check open challenges, expire overdue ones, activate zones whose challenge is now published. */
  RecheckDue: 'validation.recheck-due',
  /** One-off: check one zone's open challenge now (e.g. right after a challenge was started). */
  CheckNow: 'validation.check-now',
} as const;

export interface RecheckDuePayload {
  /** How many open challenges to look at; the configured batch size when absent. */
  limit?: number;
}

/** The zone to check; the job rebuilds a system context for this tenant. */
export interface CheckNowPayload {
  tenantId: string;
  domainId: string;
}

/** Payload of each job name of the validation queue. */
export interface ValidationJobs {
  [ValidationJobName.RecheckDue]: RecheckDuePayload;
  [ValidationJobName.CheckNow]: CheckNowPayload;
}

/** One waiting check per zone: adding a check-now job while one is queued or running is a no-op. */
export function checkNowJobId(domainId: string): string {
  return `check-now-${domainId}`;
}
