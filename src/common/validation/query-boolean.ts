import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

/**
 * An optional boolean query parameter. Query strings carry text and the global pipe converts implicitly *before*
 * transforms run (so `"false"` would already be `true`): the raw text is read from the source object instead.
 * `true/1` and `false/0` are booleans; anything else fails validation (422).
 */
export function QueryBoolean(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => parseQueryBoolean(obj[key])),
    IsBoolean(),
  );
}

export function parseQueryBoolean(raw: unknown): unknown {
  if (typeof raw !== 'string') {
    return raw;
  }
  const text = raw.toLowerCase();
  return text === 'true' || text === '1' ? true : text === 'false' || text === '0' ? false : raw;
}
