import { AppException } from 'src/common/errors/app.exception';
import { ImportProblem, describeProblem } from 'src/zone-transfer/formats/import-candidate';
import { ImportConflict } from 'src/zone-transfer/import-plan';

/** At most this many problems are listed in one error body. */
export const MAX_LISTED_PROBLEMS = 100;

/**
 * 400: the import has errors, nothing was written. `detail.message` and `detail.line` (or `detail.index` for JSON)
 * name the first one; `detail.errors` lists them all (up to 100; `detail.error_count` counts them).
 */
export class ImportInvalidError extends AppException {
  constructor(errors: ImportProblem[]) {
    const first = errors[0];
    const more =
      errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''})` : '';
    super(
      400,
      {
        message: `${describeProblem(first)}${more}`,
        ...(first.line !== undefined ? { line: first.line } : {}),
        ...(first.index !== undefined ? { index: first.index } : {}),
        errors: errors.slice(0, MAX_LISTED_PROBLEMS),
        error_count: errors.length,
      },
      'IMPORT_INVALID',
    );
  }
}

/** 409: merge found records that cannot coexist with the zone's; nothing was written. */
export class ImportConflictError extends AppException {
  constructor(conflicts: ImportConflict[]) {
    super(
      409,
      {
        message: `${conflicts.length} imported record(s) conflict with records of the zone; nothing was imported (use mode replace or skip_existing)`,
        conflicts: conflicts.slice(0, MAX_LISTED_PROBLEMS),
        conflict_count: conflicts.length,
      },
      'IMPORT_CONFLICT',
    );
  }
}

/** 413: more content or more records than one import takes. */
export class ImportTooLargeError extends AppException {
  constructor(message: string, limit: Record<string, number>) {
    super(413, { message, ...limit }, 'IMPORT_TOO_LARGE');
  }
}

export const EMPTY_REPLACE_MESSAGE =
  'The import contains no records; mode replace would delete every record of the zone';

/** 400: a replace import with nothing to import would empty the zone; that is refused as almost surely a mistake. */
export class EmptyReplaceError extends AppException {
  constructor() {
    super(400, { message: EMPTY_REPLACE_MESSAGE }, 'IMPORT_EMPTY_REPLACE');
  }
}

/** 400: an uploaded file's format cannot be told from its name, or it is not UTF-8 text. */
export class ImportFileError extends AppException {
  constructor(message: string) {
    super(400, { message }, 'IMPORT_FILE');
  }
}
