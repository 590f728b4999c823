import { Command, CommandRunner, Option } from 'nest-commander';
import { AppException } from 'src/common/errors/app.exception';
import { ProgressReporter } from 'src/scaikey-sync/commands/progress-bar';
import { describeChange, summaryLine } from 'src/scaikey-sync/scaikey-sync-report';
import { ScaiKeySyncService } from 'src/scaikey-sync/scaikey-sync.service';

interface SyncCommandOptions {
  tenant?: string;
  dryRun?: boolean;
  json?: boolean;
}

/**
 * `scaidns sync [--tenant <id|slug>] [--dry-run] [--json]`: pulls partners, tenants, users, groups and memberships
 * from ScaiKey into the local cache (the same sync the worker schedules). Exit code 1 when it fails or is skipped.
 */
@Command({ name: 'sync', description: 'Synchronise the identity cache from ScaiKey' })
export class SyncCommand extends CommandRunner {
  constructor(private readonly sync: ScaiKeySyncService) {
    super();
  }

  async run(_params: string[], options: SyncCommandOptions): Promise<void> {
    const progress = new ProgressReporter(process.stderr, options.json === true && !process.stderr.isTTY);
    try {
      const report = await this.sync.run({
        tenant: options.tenant ?? null,
        dryRun: options.dryRun ?? false,
        listChanges: !options.json,
        onProgress: (step) => progress.update(step),
      });
      progress.finish();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report)}\n`);
      } else {
        for (const change of report.changes ?? []) {
          process.stdout.write(`${describeChange(change)}\n`);
        }
        process.stdout.write(`${summaryLine(report)}\n`);
      }
      if (report.skipped_reason) {
        process.exitCode = 1;
      }
    } catch (error) {
      progress.finish();
      const reason =
        error instanceof AppException
          ? String(error.detail)
          : error instanceof Error
            ? error.message
            : String(error);
      process.stderr.write(`ScaiKey sync failed: ${reason}\n`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--tenant <tenant>', description: 'Only this tenant (ScaiKey id, slug or ScaiDNS id)' })
  parseTenant(value: string): string {
    return value;
  }

  @Option({ flags: '--dry-run', description: 'Print the changes without applying them' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'Print the report as one JSON line' })
  parseJson(): boolean {
    return true;
  }
}
