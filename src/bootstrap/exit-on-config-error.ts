import { ConfigValidationError } from 'src/config/config.errors';

/** A configuration mistake is reported as a plain list of variables, not a stack trace. */
export function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigValidationError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  process.stderr.write(`Fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
