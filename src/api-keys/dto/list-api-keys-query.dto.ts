import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from 'src/common/pagination/pagination';

/** Query strings carry text: `true/1` and `false/0` are booleans, anything else fails validation. */
function queryBoolean({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown {
  const raw = obj[key];
  if (typeof raw !== 'string') {
    return raw;
  }
  const text = raw.toLowerCase();
  return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : raw;
}

export class ListApiKeysQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ default: false, description: 'Also list revoked keys' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  include_revoked?: boolean;
}
