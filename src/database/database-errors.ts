/** MariaDB's ER_DUP_ENTRY: a unique index refused the row (a concurrent insert won the race). */
export function isDuplicateKeyError(error: unknown): boolean {
  const driverError = (error as { driverError?: { code?: string }; code?: string }) ?? {};
  return driverError.code === 'ER_DUP_ENTRY' || driverError.driverError?.code === 'ER_DUP_ENTRY';
}

/**
 * Runs a find-or-create once more when a concurrent request inserted the same unique row first (for example the
 * first sign-ins of a new user arriving in parallel): the second run finds the row and takes the update path.
 */
export async function retryOnDuplicateKey<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isDuplicateKeyError(error)) {
      throw error;
    }
    return work();
  }
}
