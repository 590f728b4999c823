import { AppException, BadRequestError, NotFoundError } from 'src/common/errors/app.exception';

export class RecordNotFoundError extends NotFoundError {
  constructor() {
    super('Record');
  }
}

export class InvalidRecordError extends BadRequestError {
  constructor(message: string) {
    super(message, 'INVALID_RECORD');
  }
}

/** 409 with the ids of the records in the way, as `detail.conflicts`. */
export class RecordConflictError extends AppException {
  constructor(message: string, conflicts: string[]) {
    super(409, { message, conflicts }, 'RECORD_CONFLICT');
  }
}

export class BulkRejectedError extends AppException {
  constructor(errors: { index: number; error: string; conflicts?: string[] }[]) {
    super(
      400,
      { message: `${errors.length} record(s) are invalid; nothing was created`, errors },
      'BULK_REJECTED',
    );
  }
}

export class RecordsNotFoundError extends AppException {
  constructor(ids: string[]) {
    super(
      404,
      { message: 'Some records were not found; nothing was deleted', not_found: ids },
      'RECORDS_NOT_FOUND',
    );
  }
}
