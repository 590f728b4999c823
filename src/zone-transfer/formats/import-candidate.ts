/** Where an imported record came from: a line of a zone file or CSV file, or a position in a JSON list. */
export interface ImportSource {
  line?: number;
  index?: number;
}

/** A record as read from an import, before ScaiDNS's validation (prepareRecord). */
export interface ImportCandidate extends ImportSource {
  /** Absolute with a trailing dot (zone files), or as an API caller writes it (JSON, CSV). */
  name: string;
  type: string;
  content: string;
  ttl?: number;
  disabled?: boolean;
}

/** Something in the import that is deliberately not imported, with the reason. */
export interface ImportSkip extends ImportSource {
  name?: string;
  type?: string;
  content?: string;
  reason: string;
}

/** Something in the import that stops it. */
export interface ImportProblem extends ImportSource {
  name?: string;
  type?: string;
  message: string;
}

/** What a format parser hands on: candidates, what it skipped, and what is wrong. */
export interface ParsedImport {
  candidates: ImportCandidate[];
  skipped: ImportSkip[];
  errors: ImportProblem[];
}

/** `line 12: message`, `record 3: message`, or the bare message. */
export function describeProblem(problem: ImportProblem): string {
  if (problem.line !== undefined) {
    return `line ${problem.line}: ${problem.message}`;
  }
  if (problem.index !== undefined) {
    return `record ${problem.index}: ${problem.message}`;
  }
  return problem.message;
}
