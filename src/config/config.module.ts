import { Global, Module } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { loadConfig } from 'src/config/load-config';

@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadConfig(process.env) }],
  exports: [AppConfig],
})
export class ConfigModule {}
