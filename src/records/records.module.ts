import { Module } from '@nestjs/common';
import { RecordsController } from 'src/records/records.controller';
import { RecordsService } from 'src/records/records.service';
import { ZoneStoreModule } from 'src/zone-store/zone-store.module';

@Module({
  imports: [ZoneStoreModule],
  controllers: [RecordsController],
  providers: [RecordsService],
  exports: [RecordsService],
})
export class RecordsModule {}
