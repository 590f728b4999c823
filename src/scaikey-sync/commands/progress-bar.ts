import { SyncProgress } from 'src/scaikey-sync/scaikey-sync.service';

const WIDTH = 24;
const PHASES: Record<SyncProgress['phase'], string> = {
  directory: 'partners and tenants',
  fetch: 'reading ScaiKey',
  apply: 'updating the cache',
  done: 'done',
};

/**
 * Sync progress on stderr: a bar redrawn in place (`\r`) on a terminal, one plain line per step otherwise (logs,
 * CI), nothing at all when quiet.
 */
export class ProgressReporter {
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly quiet = false,
  ) {}

  update(progress: SyncProgress): void {
    if (this.quiet) {
      return;
    }
    if (!this.stream.isTTY) {
      if (progress.phase !== 'done' && progress.done > 0) {
        this.stream.write(
          `sync: ${PHASES[progress.phase]} ${progress.done}/${progress.total}${progress.label ? ` (${progress.label})` : ''}\n`,
        );
      }
      return;
    }
    if (progress.phase === 'done') {
      this.finish();
      return;
    }
    const ratio = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
    const filled = Math.round(ratio * WIDTH);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${PHASES[progress.phase]} ${progress.done}/${progress.total} ${progress.label}`;
    const columns = this.stream.columns || 100;
    this.stream.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
    this.drawn = true;
  }

  /** Ends the bar's line so the next output starts on a fresh one. */
  finish(): void {
    if (this.drawn) {
      this.stream.write('\n');
      this.drawn = false;
    }
  }
}
