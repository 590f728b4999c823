import { ValidationError } from 'class-validator';
import { AppException } from 'src/common/errors/app.exception';

/** One entry of FastAPI's validation error list, which existing ScaiDNS clients parse. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

const CONSTRAINT_TYPES: Record<string, string> = {
  whitelistValidation: 'value_error.extra',
  isDefined: 'value_error.missing',
  isNotEmpty: 'value_error.missing',
  isInt: 'type_error.integer',
  isNumber: 'type_error.number',
  isBoolean: 'type_error.bool',
  isString: 'type_error.str',
  isArray: 'type_error.list',
  isObject: 'type_error.dict',
  isEnum: 'type_error.enum',
  isIn: 'type_error.enum',
};

export class RequestValidationException extends AppException {
  constructor(readonly issues: ValidationIssue[]) {
    super(422, issues, 'VALIDATION_FAILED');
  }

  static fromClassValidator(errors: ValidationError[], source: string): RequestValidationException {
    return new RequestValidationException(flatten(errors, [source]));
  }
}

function flatten(errors: ValidationError[], parent: (string | number)[]): ValidationIssue[] {
  return errors.flatMap((error) => {
    const loc = [...parent, /^\d+$/.test(error.property) ? Number(error.property) : error.property];
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      loc,
      msg: describe(constraint, message, error),
      type: CONSTRAINT_TYPES[constraint] ?? `value_error.${constraint.toLowerCase()}`,
    }));
    return [...own, ...flatten(error.children ?? [], loc)];
  });
}

function describe(constraint: string, message: string, error: ValidationError): string {
  if (constraint === 'whitelistValidation') {
    return 'extra fields not permitted';
  }
  if ((constraint === 'isDefined' || constraint === 'isNotEmpty') && error.value === undefined) {
    return 'field required';
  }
  return message;
}
