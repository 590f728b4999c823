import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PermissionsService } from 'src/roles/permissions.service';
import { RolesRepository } from 'src/roles/roles.repository';
import { SYSTEM_ROLE_NAMES, SYSTEM_ROLES } from 'src/roles/system-roles';

/** Keeps the system roles in the database identical to the code at every boot. */
@Injectable()
export class SystemRolesSeeder implements OnApplicationBootstrap {
  constructor(
    private readonly roles: RolesRepository,
    private readonly permissions: PermissionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const name of SYSTEM_ROLE_NAMES) {
      await this.roles.upsertSystemRole(name, SYSTEM_ROLES[name].description, SYSTEM_ROLES[name].permissions);
    }
    await this.permissions.invalidate();
  }
}
