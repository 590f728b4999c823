/** The worker cannot start: a queue has no processor, a processor has no queue, or a processor is not a JobProcessor. */
export class JobsBootError extends Error {
  constructor(readonly problems: string[]) {
    super(`The worker cannot start:\n  - ${problems.join('\n  - ')}`);
    this.name = 'JobsBootError';
  }
}
