import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Authenticated } from 'src/auth/decorators/auth.decorators';
import { Ctx } from 'src/common/context/ctx.decorator';
import { RequestContext } from 'src/common/context/request-context';
import { ErrorResponseDto, ValidationErrorResponseDto } from 'src/common/errors/error-response.dto';
import { UuidParam } from 'src/common/validation/uuid-param';
import {
  IMPORT_FORMATS,
  ImportFileFieldsDto,
  ImportPreviewDto,
  ImportResultDto,
  ImportTextDto,
  ZoneExportDto,
} from 'src/zone-transfer/dto/zone-transfer.dto';
import { IMPORT_MODES } from 'src/zone-transfer/import-plan';
import { UploadedZoneFile, ZoneImportService } from 'src/zone-transfer/zone-import.service';
import { ZoneExportService } from 'src/zone-transfer/zone-export.service';
import { MAX_IMPORT_BYTES } from 'src/zone-transfer/zone-transfer.limits';

@ApiTags('import-export')
@ApiUnprocessableEntityResponse({ type: ValidationErrorResponseDto, description: 'Malformed request' })
@ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such zone (or not visible to the caller)' })
@Controller('api/v1/domains/:domain_id')
export class ZoneTransferController {
  constructor(
    private readonly exporter: ZoneExportService,
    private readonly importer: ZoneImportService,
  ) {}

  @Get('export')
  @Authenticated({ permission: 'records:read' })
  @ApiOperation({
    summary: 'Export the zone as a BIND zone file',
    description: 'Disabled and ALIAS records are commented with markers the import reads back.',
  })
  @ApiOkResponse({ type: ZoneExportDto })
  export(@Ctx() context: RequestContext, @UuidParam('domain_id') domainId: string): Promise<ZoneExportDto> {
    return this.exporter.export(context, domainId);
  }

  @Get('export/download')
  @Authenticated({ permission: 'records:read' })
  @ApiOperation({ summary: 'Download the zone file (`<zone>.zone`, text/plain)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The zone file', schema: { type: 'string' } })
  async download(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
  ): Promise<StreamableFile> {
    const file = await this.exporter.download(context, domainId);
    return new StreamableFile(Buffer.from(file.content, 'utf8'), {
      type: 'text/plain; charset=utf-8',
      disposition: `attachment; filename="${file.filename}"`,
    });
  }

  @Post('import/text')
  @Authenticated({ permission: 'records:create' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Import records from a BIND zone file, JSON or CSV',
    description: 'All or nothing. Mode `replace` also needs `records:delete`. SOA and apex NS are skipped.',
  })
  @ApiOkResponse({ type: ImportResultDto })
  @ApiBadRequestResponse({
    type: ErrorResponseDto,
    description: 'Errors in the import (`detail.line` names the first); nothing was written',
  })
  @ApiConflictResponse({
    type: ErrorResponseDto,
    description: 'Mode merge: records conflict with the zone’s (`detail.conflicts`); nothing was written',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'More than 5 MB or 20,000 records' })
  importText(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: ImportTextDto,
  ): Promise<ImportResultDto> {
    return this.importer.importText(context, domainId, body);
  }

  @Post('import/file')
  @Authenticated({ permission: 'records:create' })
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 10 } }))
  @ApiOperation({
    summary: 'Import an uploaded file (multipart field `file`); the format defaults from the file name',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        format: { type: 'string', enum: [...IMPORT_FORMATS] },
        mode: { type: 'string', enum: [...IMPORT_MODES], default: 'merge' },
      },
    },
  })
  @ApiOkResponse({ type: ImportResultDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto })
  @ApiConflictResponse({ type: ErrorResponseDto })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  importFile(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @UploadedFile() file: UploadedZoneFile | undefined,
    @Body() body: ImportFileFieldsDto,
  ): Promise<ImportResultDto> {
    return this.importer.importFile(context, domainId, file, body);
  }

  @Post('import/preview')
  @Authenticated({ permission: 'records:read' })
  @HttpCode(200)
  @ApiOperation({
    summary: 'What an import would change, without writing anything',
    description:
      'Same body as import/text. Errors and conflicts are listed in the answer instead of refusing it.',
  })
  @ApiOkResponse({ type: ImportPreviewDto })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto })
  preview(
    @Ctx() context: RequestContext,
    @UuidParam('domain_id') domainId: string,
    @Body() body: ImportTextDto,
  ): Promise<ImportPreviewDto> {
    return this.importer.preview(context, domainId, body);
  }
}
