import { ValidationResult } from 'src/records/content/validation-result';

/** Canonical content in PowerDNS presentation format, or why the content was refused. */
export type ContentResult = ValidationResult<{ content: string }>;

/**
 * Turns the content of one record type into its canonical form. `content` arrives trimmed, non-empty and free of
 * control characters; `zoneFqdn` is the zone (lowercase, trailing dot), which `@` in host fields stands for.
 */
export type ContentCanonicaliser = (content: string, zoneFqdn: string) => ContentResult;
