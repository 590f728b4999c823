import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795951278790 implements MigrationInterface {
  name = 'Init1795951278790';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`groups\` (\`id\` uuid NOT NULL, \`scaikey_group_id\` varchar(64) NOT NULL, \`tenant_id\` uuid NOT NULL, \`name\` varchar(255) NOT NULL, \`description\` varchar(1024) NULL, \`group_type\` varchar(32) NOT NULL DEFAULT 'SECURITY', \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`UQ_GROUPS_SCAIKEY_ID\` (\`scaikey_group_id\`), INDEX \`IDX_GROUPS_TENANT_ID\` (\`tenant_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`group_members\` (\`group_id\` uuid NOT NULL, \`user_id\` uuid NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_GROUP_MEMBERS_USER_ID\` (\`user_id\`), PRIMARY KEY (\`group_id\`, \`user_id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`tenants\` (\`id\` uuid NOT NULL, \`scaikey_tenant_id\` varchar(64) NOT NULL, \`partner_id\` uuid NULL, \`name\` varchar(255) NOT NULL, \`slug\` varchar(128) NOT NULL, \`status\` varchar(16) NOT NULL DEFAULT 'active', \`settings\` json NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`UQ_TENANTS_SCAIKEY_ID\` (\`scaikey_tenant_id\`), INDEX \`IDX_TENANTS_PARTNER_ID\` (\`partner_id\`), UNIQUE INDEX \`UQ_TENANTS_SLUG\` (\`slug\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`users\` (\`id\` uuid NOT NULL, \`scaikey_user_id\` varchar(64) NOT NULL, \`tenant_id\` uuid NOT NULL, \`email\` varchar(320) NULL, \`name\` varchar(255) NULL, \`status\` varchar(16) NOT NULL DEFAULT 'active', \`is_platform_admin\` tinyint NOT NULL DEFAULT 0, \`is_tenant_admin\` tinyint NOT NULL DEFAULT 0, \`principal_kind\` varchar(16) NOT NULL DEFAULT 'person', \`last_login_at\` datetime(3) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`UQ_USERS_SCAIKEY_ID\` (\`scaikey_user_id\`), INDEX \`IDX_USERS_TENANT_ID\` (\`tenant_id\`), INDEX \`IDX_USERS_EMAIL\` (\`email\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`partners\` (\`id\` uuid NOT NULL, \`scaikey_partner_id\` varchar(64) NOT NULL, \`name\` varchar(255) NOT NULL, \`slug\` varchar(128) NULL, \`status\` varchar(16) NOT NULL DEFAULT 'active', \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`UQ_PARTNERS_SCAIKEY_ID\` (\`scaikey_partner_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`roles\` (\`id\` uuid NOT NULL, \`tenant_id\` uuid NULL, \`tenant_key\` varchar(36) NOT NULL, \`name\` varchar(64) NOT NULL, \`description\` varchar(1024) NULL, \`is_system\` tinyint NOT NULL DEFAULT 0, \`permissions\` json NOT NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_ROLES_TENANT_ID\` (\`tenant_id\`), UNIQUE INDEX \`UQ_ROLES_TENANT_NAME\` (\`tenant_key\`, \`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`role_assignments\` (\`id\` uuid NOT NULL, \`role_id\` uuid NOT NULL, \`principal_type\` varchar(8) NOT NULL, \`principal_id\` uuid NOT NULL, \`scope_type\` varchar(16) NOT NULL, \`scope_id\` uuid NULL, \`scope_key\` varchar(36) NOT NULL, \`tenant_id\` uuid NULL, \`expires_at\` datetime(3) NULL, \`created_by\` uuid NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_ROLE_ASSIGNMENTS_TENANT_ID\` (\`tenant_id\`), INDEX \`IDX_ROLE_ASSIGNMENTS_PRINCIPAL\` (\`principal_type\`, \`principal_id\`), UNIQUE INDEX \`UQ_ROLE_ASSIGNMENTS\` (\`role_id\`, \`principal_type\`, \`principal_id\`, \`scope_type\`, \`scope_key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`platform_config\` (\`key\` varchar(128) NOT NULL, \`value\` text NOT NULL, \`description\` varchar(1024) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), \`updated_by\` varchar(128) NULL, PRIMARY KEY (\`key\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_logs\` (\`id\` uuid NOT NULL, \`tenant_id\` uuid NULL, \`actor_type\` varchar(16) NOT NULL, \`actor_id\` varchar(128) NULL, \`actor_email\` varchar(320) NULL, \`actor_owner_type\` varchar(8) NULL, \`actor_owner_id\` varchar(64) NULL, \`action\` varchar(64) NOT NULL, \`resource_type\` varchar(32) NOT NULL, \`resource_id\` varchar(128) NULL, \`resource_name\` varchar(512) NULL, \`details\` json NULL, \`ip_address\` varchar(64) NULL, \`user_agent\` varchar(512) NULL, \`request_id\` varchar(128) NULL, \`timestamp\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_AUDIT_LOGS_ACTION\` (\`action\`), INDEX \`IDX_AUDIT_LOGS_ACTOR\` (\`actor_type\`, \`actor_id\`), INDEX \`IDX_AUDIT_LOGS_RESOURCE\` (\`resource_type\`, \`resource_id\`), INDEX \`IDX_AUDIT_LOGS_TENANT_TIME\` (\`tenant_id\`, \`timestamp\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`api_keys\` (\`id\` uuid NOT NULL, \`tenant_id\` uuid NOT NULL, \`name\` varchar(255) NOT NULL, \`description\` varchar(1024) NULL, \`key_prefix\` varchar(32) NOT NULL, \`key_hash\` char(64) NOT NULL, \`status\` varchar(16) NOT NULL DEFAULT 'active', \`permission_source\` varchar(8) NOT NULL, \`permission_source_id\` uuid NOT NULL, \`created_by\` uuid NULL, \`scopes\` json NULL, \`rate_limit\` int NULL, \`ip_whitelist\` json NULL, \`expires_at\` datetime(3) NULL, \`last_used_at\` datetime(3) NULL, \`last_used_ip\` varchar(64) NULL, \`use_count\` bigint NOT NULL DEFAULT '0', \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), INDEX \`IDX_API_KEYS_TENANT_ID\` (\`tenant_id\`), UNIQUE INDEX \`UQ_API_KEYS_PREFIX\` (\`key_prefix\`), INDEX \`IDX_API_KEYS_SOURCE_ID\` (\`permission_source_id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_API_KEYS_SOURCE_ID\` ON \`api_keys\``);
    await queryRunner.query(`DROP INDEX \`UQ_API_KEYS_PREFIX\` ON \`api_keys\``);
    await queryRunner.query(`DROP INDEX \`IDX_API_KEYS_TENANT_ID\` ON \`api_keys\``);
    await queryRunner.query(`DROP TABLE \`api_keys\``);
    await queryRunner.query(`DROP INDEX \`IDX_AUDIT_LOGS_TENANT_TIME\` ON \`audit_logs\``);
    await queryRunner.query(`DROP INDEX \`IDX_AUDIT_LOGS_RESOURCE\` ON \`audit_logs\``);
    await queryRunner.query(`DROP INDEX \`IDX_AUDIT_LOGS_ACTOR\` ON \`audit_logs\``);
    await queryRunner.query(`DROP INDEX \`IDX_AUDIT_LOGS_ACTION\` ON \`audit_logs\``);
    await queryRunner.query(`DROP TABLE \`audit_logs\``);
    await queryRunner.query(`DROP TABLE \`platform_config\``);
    await queryRunner.query(`DROP INDEX \`UQ_ROLE_ASSIGNMENTS\` ON \`role_assignments\``);
    await queryRunner.query(`DROP INDEX \`IDX_ROLE_ASSIGNMENTS_PRINCIPAL\` ON \`role_assignments\``);
    await queryRunner.query(`DROP INDEX \`IDX_ROLE_ASSIGNMENTS_TENANT_ID\` ON \`role_assignments\``);
    await queryRunner.query(`DROP TABLE \`role_assignments\``);
    await queryRunner.query(`DROP INDEX \`UQ_ROLES_TENANT_NAME\` ON \`roles\``);
    await queryRunner.query(`DROP INDEX \`IDX_ROLES_TENANT_ID\` ON \`roles\``);
    await queryRunner.query(`DROP TABLE \`roles\``);
    await queryRunner.query(`DROP INDEX \`UQ_PARTNERS_SCAIKEY_ID\` ON \`partners\``);
    await queryRunner.query(`DROP TABLE \`partners\``);
    await queryRunner.query(`DROP INDEX \`IDX_USERS_EMAIL\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`IDX_USERS_TENANT_ID\` ON \`users\``);
    await queryRunner.query(`DROP INDEX \`UQ_USERS_SCAIKEY_ID\` ON \`users\``);
    await queryRunner.query(`DROP TABLE \`users\``);
    await queryRunner.query(`DROP INDEX \`UQ_TENANTS_SLUG\` ON \`tenants\``);
    await queryRunner.query(`DROP INDEX \`IDX_TENANTS_PARTNER_ID\` ON \`tenants\``);
    await queryRunner.query(`DROP INDEX \`UQ_TENANTS_SCAIKEY_ID\` ON \`tenants\``);
    await queryRunner.query(`DROP TABLE \`tenants\``);
    await queryRunner.query(`DROP INDEX \`IDX_GROUP_MEMBERS_USER_ID\` ON \`group_members\``);
    await queryRunner.query(`DROP TABLE \`group_members\``);
    await queryRunner.query(`DROP INDEX \`IDX_GROUPS_TENANT_ID\` ON \`groups\``);
    await queryRunner.query(`DROP INDEX \`UQ_GROUPS_SCAIKEY_ID\` ON \`groups\``);
    await queryRunner.query(`DROP TABLE \`groups\``);
  }
}
