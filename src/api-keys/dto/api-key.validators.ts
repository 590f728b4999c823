import { ValidateBy, ValidationOptions } from 'class-validator';
import { isScopeExpression } from 'src/api-keys/api-key-scopes';
import { isIpOrCidr } from 'src/api-keys/ip-whitelist';

function invalidEntries(value: unknown, valid: (entry: string) => boolean): string[] | null {
  if (!Array.isArray(value)) {
    return null;
  }
  return value.filter((entry) => typeof entry !== 'string' || !valid(entry)).map((entry) => String(entry));
}

/** Every entry is a catalogue permission, `records:write`, or an `<area>:*` wildcard (see api-key-scopes.ts). */
export function IsScopeList(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isScopeList',
      validator: {
        validate: (value: unknown) => invalidEntries(value, isScopeExpression)?.length === 0,
        defaultMessage: (args) =>
          `unknown permission(s): ${invalidEntries(args?.value, isScopeExpression)?.join(', ') ?? 'not a list'}`,
      },
    },
    options,
  );
}

/** Every entry is an IPv4/IPv6 address or CIDR. */
export function IsIpWhitelist(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIpWhitelist',
      validator: {
        validate: (value: unknown) => invalidEntries(value, isIpOrCidr)?.length === 0,
        defaultMessage: (args) =>
          `not an IP address or CIDR: ${invalidEntries(args?.value, isIpOrCidr)?.join(', ') ?? 'not a list'}`,
      },
    },
    options,
  );
}
