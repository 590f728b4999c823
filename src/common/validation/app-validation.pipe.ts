import {
  ArgumentMetadata,
  Injectable,
  PipeTransform,
  ValidationPipe,
  ValidationPipeOptions,
} from '@nestjs/common';
import { RequestValidationException } from 'src/common/errors/request-validation.exception';

const SHARED: ValidationPipeOptions = {
  whitelist: true,
  transform: true,
  transformOptions: { enableImplicitConversion: false },
  validationError: { target: false, value: true },
};

/**
 * Bodies are strict (an unknown field is a client bug and gets a 422), query strings are lenient (FastAPI ignores
 * unknown query parameters, and so do we), and every failure renders as FastAPI's `{loc, msg, type}` list.
 */
@Injectable()
export class AppValidationPipe implements PipeTransform {
  private readonly strict = this.build('body', { forbidNonWhitelisted: true });
  private readonly lenientQuery = this.build('query', {
    forbidNonWhitelisted: false,
    transformOptions: { enableImplicitConversion: true },
  });
  private readonly path = this.build('path', { forbidNonWhitelisted: true });

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    switch (metadata.type) {
      case 'body':
        return this.strict.transform(value, metadata);
      case 'query':
        return this.lenientQuery.transform(value, metadata);
      case 'param':
        return this.path.transform(value, metadata);
      case 'custom':
        return value;
    }
  }

  private build(source: string, options: ValidationPipeOptions): ValidationPipe {
    return new ValidationPipe({
      ...SHARED,
      ...options,
      exceptionFactory: (errors) => RequestValidationException.fromClassValidator(errors, source),
    });
  }
}
