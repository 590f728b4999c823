import { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantPlatformSuspension1795958415940 implements MigrationInterface {
  name = 'TenantPlatformSuspension1795958415940';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE \`tenants\` ADD \`suspended_by_platform\` tinyint NOT NULL DEFAULT 0`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`tenants\` DROP COLUMN \`suspended_by_platform\``);
  }
}
