import { Module } from '@nestjs/common';
import { ApiKeyManagementService } from 'src/api-keys/api-key-management.service';
import { ApiKeysController } from 'src/api-keys/api-keys.controller';
import { ApiKeysModule } from 'src/api-keys/api-keys.module';
import { AuthModule } from 'src/auth/auth.module';
import { RolesModule } from 'src/roles/roles.module';
import { UsersModule } from 'src/users/users.module';

/** The `/api/v1/api-keys` endpoints. Separate from ApiKeysModule because it needs AuthModule, which needs that one. */
@Module({
  imports: [ApiKeysModule, AuthModule, RolesModule, UsersModule],
  controllers: [ApiKeysController],
  providers: [ApiKeyManagementService],
})
export class ApiKeyManagementModule {}
