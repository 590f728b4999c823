import { Command, CommandRunner, Option } from 'nest-commander';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { SystemRolesSeeder } from 'src/roles/system-roles.seeder';
import { SystemTemplatesSeeder } from 'src/templates/system-templates.seeder';

interface MigrateOptions {
  revert?: boolean;
  show?: boolean;
}

/** `scaidns migrate`: applies pending migrations (or reverts the last one with --revert). */
@Command({ name: 'migrate', description: 'Apply pending database migrations' })
export class MigrateCommand extends CommandRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {
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
    // Seed data that lives in code (system roles and templates) once the tables exist.
    await this.moduleRef.get(SystemRolesSeeder, { strict: false }).seed();
    await this.moduleRef.get(SystemTemplatesSeeder, { strict: false }).seed();
    process.stdout.write(
      applied.length > 0
        ? `Applied ${applied.map((migration) => migration.name).join(', ')}\n`
        : 'Database is up to date\n',
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
