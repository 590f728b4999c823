import { MigrationInterface, QueryRunner } from 'typeorm';

export class PlatformAdmin1795954231612 implements MigrationInterface {
  name = 'PlatformAdmin1795954231612';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`nameserver_rewrites\` (\`id\` uuid NOT NULL, \`status\` varchar(24) NOT NULL, \`active_slot\` varchar(8) NULL, \`nameservers\` json NOT NULL, \`previous_nameservers\` json NOT NULL, \`total_count\` int NOT NULL DEFAULT '0', \`done_count\` int NOT NULL DEFAULT '0', \`failed_count\` int NOT NULL DEFAULT '0', \`skipped_count\` int NOT NULL DEFAULT '0', \`errors\` json NULL, \`message\` varchar(1024) NULL, \`requested_by\` varchar(64) NULL, \`created_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), \`started_at\` datetime(3) NULL, \`finished_at\` datetime(3) NULL, \`updated_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3), UNIQUE INDEX \`UQ_NAMESERVER_REWRITES_ACTIVE_SLOT\` (\`active_slot\`), INDEX \`IDX_NAMESERVER_REWRITES_CREATED_AT\` (\`created_at\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_NAMESERVER_REWRITES_CREATED_AT\` ON \`nameserver_rewrites\``);
    await queryRunner.query(`DROP INDEX \`UQ_NAMESERVER_REWRITES_ACTIVE_SLOT\` ON \`nameserver_rewrites\``);
    await queryRunner.query(`DROP TABLE \`nameserver_rewrites\``);
  }
}
