import { Module } from '@nestjs/common';
import { DnssecModule } from 'src/dnssec/dnssec.module';
import { DnssecRolloverProcessor } from 'src/dnssec/jobs/dnssec-rollover.processor';

/** The DNSSEC queue's processor. Worker only (WorkerModule imports it); the API never adds these jobs. */
@Module({
  imports: [DnssecModule],
  providers: [DnssecRolloverProcessor],
})
export class DnssecJobsModule {}
