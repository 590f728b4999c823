import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyUsageService } from 'src/api-keys/api-key-usage.service';
import { ApiKeysRepository } from 'src/api-keys/api-keys.repository';
import { ApiKeysService } from 'src/api-keys/api-keys.service';
import { ApiKeyEntity } from 'src/api-keys/entities/api-key.entity';
import { UsersModule } from 'src/users/users.module';

/**
 * Authenticating with API keys and counting their use; needed wherever AuthModule is (API, worker, CLI). The
 * management endpoints live in ApiKeyManagementModule, which needs AuthModule and so cannot be imported by it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), UsersModule],
  providers: [ApiKeysRepository, ApiKeysService, ApiKeyUsageService],
  exports: [ApiKeysService, ApiKeysRepository, ApiKeyUsageService],
})
export class ApiKeysModule {}
