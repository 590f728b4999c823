import { ApiProperty } from '@nestjs/swagger';

export class ValidationIssueDto {
  @ApiProperty({
    example: ['body', 'name'],
    type: 'array',
    items: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
  })
  loc: (string | number)[];

  @ApiProperty({ example: 'field required' })
  msg: string;

  @ApiProperty({ example: 'value_error.missing' })
  type: string;
}

/** `{"detail": ...}`: a message, or a structured object (e.g. `{message, conflicts}`). */
export class ErrorResponseDto {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'object' }], example: 'Domain not found' })
  detail: unknown;
}

export class ValidationErrorResponseDto {
  @ApiProperty({ type: [ValidationIssueDto] })
  detail: ValidationIssueDto[];
}

export class ServerErrorResponseDto {
  @ApiProperty({ example: 'Internal server error' })
  detail: string;

  @ApiProperty({ example: '5f0c7a0e-2f7e-4a51-9a51-1b1f0e6c9d3a', required: false })
  correlation_id?: string;
}
