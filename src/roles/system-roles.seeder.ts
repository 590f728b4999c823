import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PermissionsService } from 'src/roles/permissions.service';
import { RolesRepository } from 'src/roles/roles.repository';
import { SYSTEM_ROLE_NAMES, SYSTEM_ROLES } from 'src/roles/system-roles';

/** Keeps the system roles in the database identical to the code, at every boot and after `scaidns migrate`. */
@Injectable()
export class SystemRolesSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(SystemRolesSeeder.name);

  constructor(
    private readonly roles: RolesRepository,
    private readonly permissions: PermissionsService,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // `scaidns migrate` boots the same modules against a database that may have no tables yet; it seeds afterwards.
    if (await this.dataSource.showMigrations()) {
      this.logger.warn(
        'Database migrations are pending; system roles will be seeded after `scaidns migrate`',
      );
      return;
    }
    await this.seed();
  }

  async seed(): Promise<void> {
    for (const name of SYSTEM_ROLE_NAMES) {
      await this.roles.upsertSystemRole(name, SYSTEM_ROLES[name].description, SYSTEM_ROLES[name].permissions);
    }
    await this.permissions.invalidate();
  }
}
