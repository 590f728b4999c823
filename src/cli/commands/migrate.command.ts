import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';

interface MigrateOptions {
  revert?: boolean;
  show?: boolean;
}

/** `scaidns migrate`: applies pending migrations (or reverts the last one with --revert). */
@Command({ name: 'migrate', description: 'Apply pending database migrations' })
export class MigrateCommand extends CommandRunner {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async run(_params: string[], options: MigrateOptions): Promise<void> {
    if (options.show) {
      const pending = await this.dataSource.showMigrations();
      process.stdout.write(pending ? 'Pending migrations exist\n' : 'Database is up to date\n');
      return;
    }
    if (options.revert) {
      await this.dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('Reverted the last migration\n');
      return;
    }
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    process.stdout.write(
      applied.length > 0 ? `Applied ${applied.map((migration) => migration.name).join(', ')}\n` : 'Database is up to date\n',
    );
  }

  @Option({ flags: '--revert', description: 'Revert the most recent migration' })
  parseRevert(): boolean {
    return true;
  }

  @Option({ flags: '--show', description: 'Only report whether migrations are pending' })
  parseShow(): boolean {
    return true;
  }
}
