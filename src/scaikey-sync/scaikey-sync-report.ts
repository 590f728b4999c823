import { CacheChange } from 'src/scaikey-sync/identity-cache-writer.service';

export type UsersMethod = 'effective_users' | 'member_walk' | 'mixed';

/** What one sync did (or, in a dry run, would do). Shape of `scaidns sync --json` and of the sync job's result. */
export interface SyncReport {
  /** Set when the sync did not run, e.g. `already_running`. */
  skipped_reason: string | null;
  /** The ScaiKey tenant the run was limited to (--tenant), or null for everything. */
  tenant: string | null;
  /** How users were found: the application's effective users, or the tenant's users + group members. */
  users_method: UsersMethod | null;
  users_seen: number;
  users_added: number;
  users_updated: number;
  users_deactivated: number;
  groups_seen: number;
  groups_added: number;
  groups_updated: number;
  groups_deleted: number;
  memberships_seen: number;
  memberships_added: number;
  memberships_removed: number;
  tenants_seen: number;
  tenants_added: number;
  tenants_updated: number;
  tenants_suspended: number;
  partners_seen: number;
  partners_added: number;
  partners_updated: number;
  partners_deleted: number;
  duration_seconds: number;
  dry_run: boolean;
  /** Every change: always in a dry run (the diff it would apply), in a real run when asked for. */
  changes?: CacheChange[];
}

export interface SyncCounts {
  users_seen: number;
  groups_seen: number;
  memberships_seen: number;
  tenants_seen: number;
  partners_seen: number;
}

export function emptyReport(dryRun: boolean, tenant: string | null): SyncReport {
  return {
    skipped_reason: null,
    tenant,
    users_method: null,
    users_seen: 0,
    users_added: 0,
    users_updated: 0,
    users_deactivated: 0,
    groups_seen: 0,
    groups_added: 0,
    groups_updated: 0,
    groups_deleted: 0,
    memberships_seen: 0,
    memberships_added: 0,
    memberships_removed: 0,
    tenants_seen: 0,
    tenants_added: 0,
    tenants_updated: 0,
    tenants_suspended: 0,
    partners_seen: 0,
    partners_added: 0,
    partners_updated: 0,
    partners_deleted: 0,
    duration_seconds: 0,
    dry_run: dryRun,
  };
}

/** Adds each change to its counter. */
export function countChanges(report: SyncReport, changes: readonly CacheChange[]): void {
  for (const change of changes) {
    const key = COUNTERS[change.entity][change.action];
    if (key) {
      report[key] += 1;
    }
  }
}

type CounterKey = {
  [K in keyof SyncReport]: SyncReport[K] extends number ? K : never;
}[keyof SyncReport];

const COUNTERS: Record<CacheChange['entity'], Partial<Record<CacheChange['action'], CounterKey>>> = {
  partner: { add: 'partners_added', update: 'partners_updated', delete: 'partners_deleted' },
  tenant: { add: 'tenants_added', update: 'tenants_updated', suspend: 'tenants_suspended' },
  user: { add: 'users_added', update: 'users_updated', deactivate: 'users_deactivated' },
  group: { add: 'groups_added', update: 'groups_updated', delete: 'groups_deleted' },
  membership: { add: 'memberships_added', remove: 'memberships_removed' },
};

/** Total number of changes a report counts. */
export function changeCount(report: SyncReport): number {
  return (
    report.users_added +
    report.users_updated +
    report.users_deactivated +
    report.groups_added +
    report.groups_updated +
    report.groups_deleted +
    report.memberships_added +
    report.memberships_removed +
    report.tenants_added +
    report.tenants_updated +
    report.tenants_suspended +
    report.partners_added +
    report.partners_updated +
    report.partners_deleted
  );
}

/** One line per change, for people: `+ user bob@acme.test (tnt_acme)`, `~ tenant acme: name "A" → "B"`. */
export function describeChange(change: CacheChange): string {
  const sign = { add: '+', update: '~', deactivate: '-', suspend: '-', delete: '-', remove: '-' }[
    change.action
  ];
  const where = change.tenant && change.entity !== 'tenant' ? ` (${change.tenant})` : '';
  const what = `${sign} ${change.entity} ${change.label}${where}`;
  if (change.action === 'add' || change.action === 'remove' || change.action === 'delete') {
    return change.action === 'delete' ? `${what}: deleted` : what;
  }
  const fields = Object.entries(change.fields ?? {})
    .map(([name, { before, after }]) => `${name} ${JSON.stringify(before)} → ${JSON.stringify(after)}`)
    .join(', ');
  return `${what}: ${fields}`;
}

/** The summary line: `ScaiKey sync: 3 changes (users +1 ~1 -1, …) in 0.4 s`. */
export function summaryLine(report: SyncReport): string {
  if (report.skipped_reason) {
    return `ScaiKey sync skipped: ${report.skipped_reason}`;
  }
  const part = (name: string, added: number, updated: number, removed: number, seen: number) =>
    `${name} ${seen} seen +${added} ~${updated} -${removed}`;
  return (
    `ScaiKey sync${report.dry_run ? ' (dry run, nothing changed)' : ''}: ${changeCount(report)} change(s) — ` +
    [
      part(
        'partners',
        report.partners_added,
        report.partners_updated,
        report.partners_deleted,
        report.partners_seen,
      ),
      part(
        'tenants',
        report.tenants_added,
        report.tenants_updated,
        report.tenants_suspended,
        report.tenants_seen,
      ),
      part('users', report.users_added, report.users_updated, report.users_deactivated, report.users_seen),
      part('groups', report.groups_added, report.groups_updated, report.groups_deleted, report.groups_seen),
      part('memberships', report.memberships_added, 0, report.memberships_removed, report.memberships_seen),
    ].join('; ') +
    `; users via ${report.users_method ?? 'n/a'}; ${report.duration_seconds.toFixed(2)} s`
  );
}
