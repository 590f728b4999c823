import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isDuplicateKeyError } from 'src/database/database-errors';
import { SYSTEM_TEMPLATES } from 'src/templates/system-templates';
import { SYSTEM_TENANT_KEY, TemplatesRepository } from 'src/templates/templates.repository';

/** Keeps the system templates in the database identical to src/templates/system-templates.ts, at every boot. */
@Injectable()
export class SystemTemplatesSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(SystemTemplatesSeeder.name);

  constructor(
    private readonly templates: TemplatesRepository,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.dataSource.showMigrations()) {
      this.logger.warn('Database migrations are pending; system templates will be seeded at the next boot');
      return;
    }
    await this.seed();
  }

  /** Upsert by system key; a concurrent boot inserting the same template first is fine. */
  async seed(): Promise<void> {
    for (const definition of SYSTEM_TEMPLATES) {
      const row =
        (await this.templates.findSystemByKey(definition.key)) ??
        this.templates.create({
          systemKey: definition.key,
          tenantId: null,
          tenantKey: SYSTEM_TENANT_KEY,
          templateType: 'system',
          createdBy: null,
        });
      row.name = definition.name;
      row.description = definition.description;
      row.records = definition.records;
      row.variables = definition.variables;
      try {
        await this.templates.save(row);
      } catch (error) {
        if (!isDuplicateKeyError(error)) {
          throw error;
        }
      }
    }
  }
}
