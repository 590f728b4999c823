/**
 * The outcome of checking user input. Validation never throws: a bad name or content is an expected answer that the
 * caller turns into a 400/422 (single record) or an entry in `errors[]` (bulk with continue_on_error).
 */
export type ValidationResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

/** The failure half of ValidationResult; assignable to every ValidationResult<T>. */
export type Invalid = { ok: false; error: string };

export function invalid(error: string): Invalid {
  return { ok: false, error };
}
