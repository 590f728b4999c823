import { Injectable, PipeTransform } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RequestValidationException } from 'src/common/errors/request-validation.exception';
import { ApplyTemplateBodyDto } from 'src/templates/dto/template-apply.dto';
import { CreateTemplateDto } from 'src/templates/dto/template.dto';

export type TemplatePostBody =
  { kind: 'create'; dto: CreateTemplateDto } | { kind: 'apply'; dto: ApplyTemplateBodyDto };

/**
 * The documented overload of `POST /api/v1/templates/`: a body naming `template_id` or `domain_id` applies a
 * template, any other body creates one. The chosen shape is then validated as strictly as any other body (unknown
 * fields are a 422), so a body mixing both shapes is refused rather than guessed at.
 */
@Injectable()
export class TemplatePostBodyPipe implements PipeTransform<unknown, Promise<TemplatePostBody>> {
  async transform(value: unknown): Promise<TemplatePostBody> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new RequestValidationException([
        { loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' },
      ]);
    }
    if ('template_id' in value || 'domain_id' in value) {
      return { kind: 'apply', dto: await validated(ApplyTemplateBodyDto, value) };
    }
    return { kind: 'create', dto: await validated(CreateTemplateDto, value) };
  }
}

async function validated<T extends object>(type: new () => T, value: object): Promise<T> {
  const dto = plainToInstance(type, value);
  const errors = await validate(dto, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: false, value: true },
  });
  if (errors.length > 0) {
    throw RequestValidationException.fromClassValidator(errors, 'body');
  }
  return dto;
}
