import { DiscoveredProcessor, queueCoverageProblems } from 'src/jobs/queue-coverage';

const processor = (className: string, queue: string | null, jobNames = ['job']): DiscoveredProcessor => ({
  className,
  queue,
  jobNames,
});

describe('queueCoverageProblems', () => {
  it('should accept one job processor per queue', () => {
    expect(queueCoverageProblems(['a', 'b'], ['a', 'b'], [processor('A', 'a'), processor('B', 'b')])).toEqual(
      [],
    );
  });

  it('should name a declared or registered queue without a processor', () => {
    expect(queueCoverageProblems(['a', 'extra'], ['a'], [])).toEqual([
      'queue "a" has no processor',
      'queue "extra" has no processor',
    ]);
  });

  it('should refuse two processors of one queue', () => {
    expect(queueCoverageProblems(['a'], ['a'], [processor('A1', 'a'), processor('A2', 'a')])).toEqual([
      'queue "a" has 2 processors (A1, A2); it needs exactly one',
    ]);
  });

  it('should refuse a declared queue that is not registered and a processor of an unknown queue', () => {
    expect(queueCoverageProblems([], ['a'], [processor('A', 'a'), processor('Z', 'z')])).toEqual([
      'queue "a" is declared in QueueName but not registered (import JobsModule)',
      'A processes queue "a", which is not registered',
      'Z processes queue "z", which is not registered',
    ]);
  });

  it('should refuse a plain processor and a job processor without handlers', () => {
    expect(
      queueCoverageProblems(['a'], ['a'], [processor('Plain', null), processor('Empty', 'a', [])]),
    ).toEqual([
      'Plain does not extend JobProcessor with @QueueProcessor (no job-name check, no metrics)',
      'Empty handles no job',
    ]);
  });
});
