import { Module } from '@nestjs/common';
import { RecordsModule } from 'src/records/records.module';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';
import { ZoneExportService } from 'src/zone-transfer/zone-export.service';
import { ZoneImportService } from 'src/zone-transfer/zone-import.service';
import { ZoneTransferController } from 'src/zone-transfer/zone-transfer.controller';

/** Zone import (BIND, JSON, CSV; text, upload, preview) and export (BIND zone file). */
@Module({
  imports: [ZoneStoreModule, RecordsModule],
  controllers: [ZoneTransferController],
  providers: [ZoneExportService, ZoneImportService],
})
export class ZoneTransferModule {}
