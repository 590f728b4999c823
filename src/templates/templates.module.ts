import { Module } from '@nestjs/common';
import { TemplatesController } from 'src/templates/templates.controller';
import { TemplatesCoreModule } from 'src/templates/templates-core.module';

/** Zone templates over HTTP: `/api/v1/templates/`. */
@Module({
  imports: [TemplatesCoreModule],
  controllers: [TemplatesController],
})
export class TemplatesModule {}
