import { QueryBoolean } from 'src/common/validation/query-boolean';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQueryDto } from 'src/common/pagination/pagination';

export class ListApiKeysQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Also list revoked keys' })
  @QueryBoolean()
  include_revoked?: boolean;
}
