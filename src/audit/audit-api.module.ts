import { Module } from '@nestjs/common';
import { AuditLogsController } from 'src/audit/audit-logs.controller';
import { AuditLogsService } from 'src/audit/audit-logs.service';
import { TenantsModule } from 'src/tenants/tenants.module';

/**
 * The audit-log read API. Separate from AuditModule (global, writing), which the worker and the CLI load too; the
 * repository comes from there and PrincipalResolver from the (global) AuthModule.
 */
@Module({
  imports: [TenantsModule],
  controllers: [AuditLogsController],
  providers: [AuditLogsService],
})
export class AuditApiModule {}
