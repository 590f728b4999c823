import { MigrationInterface, QueryRunner } from 'typeorm';

export class Dnssec1795953204033 implements MigrationInterface {
  name = 'Dnssec1795953204033';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`dnssec_keys\` (\`id\` uuid NOT NULL, \`tenant_id\` uuid NOT NULL, \`domain_id\` uuid NOT NULL, \`pdns_key_id\` int NOT NULL, \`key_type\` varchar(3) NOT NULL, \`flags\` int NOT NULL, \`algorithm\` int NOT NULL, \`key_tag\` int NOT NULL, \`public_key\` text NOT NULL, \`state\` varchar(10) NOT NULL, \`active\` tinyint NOT NULL DEFAULT 0, \`ds_records\` json NULL, \`ds_confirmed_at\` datetime(3) NULL, \`activate_at\` datetime(3) NULL, \`retire_at\` datetime(3) NULL, \`remove_at\` datetime(3) NULL, \`removed_at\` datetime(3) NULL, \`expires_at\` datetime(3) NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_DNSSEC_KEYS_TENANT_ID\` (\`tenant_id\`), INDEX \`IDX_DNSSEC_KEYS_STATE\` (\`state\`), INDEX \`IDX_DNSSEC_KEYS_DOMAIN_STATE\` (\`domain_id\`, \`state\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`dnssec_keys\` ADD CONSTRAINT \`FK_DNSSEC_KEYS_DOMAIN\` FOREIGN KEY (\`domain_id\`) REFERENCES \`domains\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`dnssec_keys\` DROP FOREIGN KEY \`FK_DNSSEC_KEYS_DOMAIN\``);
    await queryRunner.query(`DROP INDEX \`IDX_DNSSEC_KEYS_DOMAIN_STATE\` ON \`dnssec_keys\``);
    await queryRunner.query(`DROP INDEX \`IDX_DNSSEC_KEYS_STATE\` ON \`dnssec_keys\``);
    await queryRunner.query(`DROP INDEX \`IDX_DNSSEC_KEYS_TENANT_ID\` ON \`dnssec_keys\``);
    await queryRunner.query(`DROP TABLE \`dnssec_keys\``);
  }
}
