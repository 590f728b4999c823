/** The largest import content, in bytes (text body or uploaded file). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

/** The most records one import may contain (SOA, apex NS and DNSSEC records, which are skipped, not counted). */
export const MAX_IMPORT_RECORDS = 20_000;
