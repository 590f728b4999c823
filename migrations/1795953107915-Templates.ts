import { MigrationInterface, QueryRunner } from 'typeorm';

export class Templates1795953107915 implements MigrationInterface {
  name = 'Templates1795953107915';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`templates\` (\`id\` uuid NOT NULL, \`tenant_id\` uuid NULL, \`tenant_key\` varchar(36) NOT NULL, \`template_type\` varchar(8) NOT NULL, \`system_key\` varchar(64) NULL, \`name\` varchar(128) NOT NULL, \`description\` varchar(1024) NULL, \`records\` json NOT NULL, \`variables\` json NOT NULL, \`created_by\` varchar(64) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_TEMPLATES_TENANT_ID\` (\`tenant_id\`), UNIQUE INDEX \`UQ_TEMPLATES_SYSTEM_KEY\` (\`system_key\`), UNIQUE INDEX \`UQ_TEMPLATES_TENANT_NAME\` (\`tenant_key\`, \`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`UQ_TEMPLATES_TENANT_NAME\` ON \`templates\``);
    await queryRunner.query(`DROP INDEX \`UQ_TEMPLATES_SYSTEM_KEY\` ON \`templates\``);
    await queryRunner.query(`DROP INDEX \`IDX_TEMPLATES_TENANT_ID\` ON \`templates\``);
    await queryRunner.query(`DROP TABLE \`templates\``);
  }
}
