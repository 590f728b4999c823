import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScaiKeySync1795953113872 implements MigrationInterface {
  name = 'ScaiKeySync1795953113872';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`scaikey_webhook_events\` (\`event_id\` varchar(128) NOT NULL, \`event_type\` varchar(64) NOT NULL, \`outcome\` varchar(16) NOT NULL, \`message\` varchar(1024) NOT NULL, \`received_at\` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3), INDEX \`IDX_SCAIKEY_WEBHOOK_EVENTS_RECEIVED_AT\` (\`received_at\`), PRIMARY KEY (\`event_id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP INDEX \`IDX_SCAIKEY_WEBHOOK_EVENTS_RECEIVED_AT\` ON \`scaikey_webhook_events\``,
    );
    await queryRunner.query(`DROP TABLE \`scaikey_webhook_events\``);
  }
}
