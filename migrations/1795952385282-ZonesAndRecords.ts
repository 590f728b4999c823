import { MigrationInterface, QueryRunner } from 'typeorm';

export class ZonesAndRecords1795952385282 implements MigrationInterface {
  name = 'ZonesAndRecords1795952385282';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`records\` (\`id\` uuid NOT NULL, \`domain_id\` uuid NOT NULL, \`tenant_id\` uuid NOT NULL, \`name\` varchar(255) NOT NULL, \`type\` varchar(10) NOT NULL, \`content\` text NOT NULL, \`ttl\` int NOT NULL, \`disabled\` tinyint NOT NULL DEFAULT 0, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_RECORDS_TENANT_ID\` (\`tenant_id\`), INDEX \`IDX_RECORDS_DOMAIN_NAME_TYPE\` (\`domain_id\`, \`name\`, \`type\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`domains\` (\`id\` uuid NOT NULL, \`tenant_id\` uuid NOT NULL, \`name\` varchar(253) NOT NULL, \`domain_type\` varchar(16) NOT NULL, \`status\` varchar(24) NOT NULL, \`status_before_delete\` varchar(24) NULL, \`live_key\` varchar(36) NOT NULL DEFAULT '', \`default_ttl\` int NOT NULL, \`description\` varchar(1024) NULL, \`settings\` json NULL, \`published\` tinyint NOT NULL DEFAULT 0, \`dnssec_enabled\` tinyint NOT NULL DEFAULT 0, \`dnssec_status\` varchar(16) NOT NULL DEFAULT 'disabled', \`cidr\` varchar(64) NULL, \`pending_template_id\` uuid NULL, \`pending_template_variables\` json NULL, \`created_by\` varchar(64) NULL, \`validated_at\` datetime(3) NULL, \`deleted_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_DOMAINS_TENANT_ID\` (\`tenant_id\`), INDEX \`IDX_DOMAINS_NAME\` (\`name\`), UNIQUE INDEX \`UQ_DOMAINS_TENANT_NAME_LIVE\` (\`tenant_id\`, \`name\`, \`live_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`access_grants\` (\`id\` uuid NOT NULL, \`tenant_id\` uuid NOT NULL, \`domain_id\` uuid NOT NULL, \`grant_type\` varchar(8) NOT NULL, \`grantee_id\` uuid NOT NULL, \`role_id\` uuid NOT NULL, \`record_pattern\` varchar(255) NULL, \`record_types\` json NULL, \`expires_at\` datetime(3) NULL, \`notes\` varchar(1024) NULL, \`created_by\` varchar(64) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_ACCESS_GRANTS_TENANT_ID\` (\`tenant_id\`), INDEX \`IDX_ACCESS_GRANTS_GRANTEE\` (\`grant_type\`, \`grantee_id\`), INDEX \`IDX_ACCESS_GRANTS_DOMAIN\` (\`domain_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`domain_validations\` (\`id\` uuid NOT NULL, \`tenant_id\` uuid NOT NULL, \`domain_id\` uuid NOT NULL, \`validation_type\` varchar(16) NOT NULL, \`status\` varchar(16) NOT NULL, \`challenge_value\` varchar(128) NOT NULL, \`last_message\` varchar(1024) NULL, \`check_count\` int NOT NULL DEFAULT '0', \`last_checked_at\` datetime(3) NULL, \`expires_at\` datetime(3) NOT NULL, \`validated_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_DOMAIN_VALIDATIONS_OPEN\` (\`status\`, \`expires_at\`), INDEX \`IDX_DOMAIN_VALIDATIONS_DOMAIN\` (\`domain_id\`, \`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_DOMAIN_VALIDATIONS_DOMAIN\` ON \`domain_validations\``);
    await queryRunner.query(`DROP INDEX \`IDX_DOMAIN_VALIDATIONS_OPEN\` ON \`domain_validations\``);
    await queryRunner.query(`DROP TABLE \`domain_validations\``);
    await queryRunner.query(`DROP INDEX \`IDX_ACCESS_GRANTS_DOMAIN\` ON \`access_grants\``);
    await queryRunner.query(`DROP INDEX \`IDX_ACCESS_GRANTS_GRANTEE\` ON \`access_grants\``);
    await queryRunner.query(`DROP INDEX \`IDX_ACCESS_GRANTS_TENANT_ID\` ON \`access_grants\``);
    await queryRunner.query(`DROP TABLE \`access_grants\``);
    await queryRunner.query(`DROP INDEX \`UQ_DOMAINS_TENANT_NAME_LIVE\` ON \`domains\``);
    await queryRunner.query(`DROP INDEX \`IDX_DOMAINS_NAME\` ON \`domains\``);
    await queryRunner.query(`DROP INDEX \`IDX_DOMAINS_TENANT_ID\` ON \`domains\``);
    await queryRunner.query(`DROP TABLE \`domains\``);
    await queryRunner.query(`DROP INDEX \`IDX_RECORDS_DOMAIN_NAME_TYPE\` ON \`records\``);
    await queryRunner.query(`DROP INDEX \`IDX_RECORDS_TENANT_ID\` ON \`records\``);
    await queryRunner.query(`DROP TABLE \`records\``);
  }
}
