import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformConfigEntity } from 'src/platform-config/entities/platform-config.entity';
import { PlatformConfigRepository } from 'src/platform-config/platform-config.repository';
import { PlatformConfigService } from 'src/platform-config/platform-config.service';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([PlatformConfigEntity])],
  providers: [PlatformConfigRepository, PlatformConfigService],
  exports: [PlatformConfigService, PlatformConfigRepository],
})
export class PlatformConfigModule {}
