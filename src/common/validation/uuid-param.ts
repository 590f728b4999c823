import { Param, ParseUUIDPipe } from '@nestjs/common';
import { RequestValidationException } from 'src/common/errors/request-validation.exception';

/** A UUID path parameter; anything else is a 422 naming the parameter, as FastAPI answers. */
export function UuidParam(name: string): ParameterDecorator {
  return Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new RequestValidationException([
          { loc: ['path', name], msg: 'value is not a valid uuid', type: 'type_error.uuid' },
        ]),
    }),
  );
}
