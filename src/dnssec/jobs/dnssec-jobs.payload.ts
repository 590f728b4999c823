/** Job names of the DNSSEC queue. */
export const DnssecJobName = {
  /** Repeatable: take every due rollover step of every signed zone (DnssecRolloverService.rolloverDue). */
  RolloverDue: 'dnssec.rollover-due',
} as const;

/** Nothing to pass: the job looks at every signed zone at the time it runs. */
export type RolloverDuePayload = Record<string, never>;

/** Payload of each job name of the DNSSEC queue. */
export interface DnssecJobs {
  [DnssecJobName.RolloverDue]: RolloverDuePayload;
}
