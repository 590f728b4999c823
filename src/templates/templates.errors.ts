import { AppException, ConflictError, ForbiddenError, NotFoundError } from 'src/common/errors/app.exception';

export class TemplateNotFoundError extends NotFoundError {
  constructor() {
    super('Template');
  }
}

export class SystemTemplateReadOnlyError extends ForbiddenError {
  constructor() {
    super('System templates are read-only: create a custom template (you can copy its records) to change it');
  }
}

export class TemplateNameTakenError extends ConflictError {
  constructor(name: string) {
    super(`A template named '${name}' already exists`, 'TEMPLATE_EXISTS');
  }
}

/** The template body itself is wrong (unknown placeholder, bad variable declaration, invalid fixed record). */
export class InvalidTemplateError extends AppException {
  constructor(errors: string[]) {
    super(
      400,
      { message: errors.length === 1 ? errors[0] : `The template has ${errors.length} problems`, errors },
      'INVALID_TEMPLATE',
    );
  }
}

export class MissingTemplateVariablesError extends AppException {
  constructor(missing: string[]) {
    super(
      400,
      { message: `Missing required template variables: ${missing.join(', ')}`, missing },
      'TEMPLATE_VARIABLES_MISSING',
    );
  }
}

/** A record that only turns out invalid once the variables are substituted (e.g. `${ip}` = `not-an-ip`). */
export class InvalidRenderedRecordError extends AppException {
  constructor(record: { index: number; name: string; type: string; content: string }, error: string) {
    super(
      400,
      {
        message: `Template record ${record.index + 1} (${record.name} ${record.type}) is invalid after substitution: ${error}`,
        index: record.index,
        name: record.name,
        type: record.type,
        content: record.content,
        error,
      },
      'INVALID_TEMPLATE_RECORD',
    );
  }
}
