import { ValidateBy, ValidationOptions } from 'class-validator';

export const MAX_VARIABLE_VALUES = 50;
export const MAX_VARIABLE_VALUE_LENGTH = 1024;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

function problem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'must be an object mapping variable names to strings';
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_VARIABLE_VALUES) {
    return `at most ${MAX_VARIABLE_VALUES} variables`;
  }
  for (const [name, text] of entries) {
    if (typeof text !== 'string') {
      return `value of '${name}' must be a string`;
    }
    if (text.length > MAX_VARIABLE_VALUE_LENGTH) {
      return `value of '${name}' is longer than ${MAX_VARIABLE_VALUE_LENGTH} characters`;
    }
    if (CONTROL.test(text)) {
      return `value of '${name}' contains control characters`;
    }
  }
  return null;
}

/** `{ "ip": "192.0.2.10", ... }`: string values only, no control characters, bounded. */
export function IsVariableValues(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isVariableValues',
      validator: {
        validate: (value: unknown) => problem(value) === null,
        defaultMessage: (args) => `variables ${problem(args?.value) ?? 'are invalid'}`,
      },
    },
    options,
  );
}
