/** MariaDB's ER_DUP_ENTRY: a unique index refused the row (a concurrent insert won the race). */
export function isDuplicateKeyError(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string }; code?: string }) ?? {};
  return driverError.code === 'ER_DUP_ENTRY' || driverError.driverError?.code === 'ER_DUP_ENTRY';
}
