/** A BullMQ processor found in the application, as the boot check sees it. */
export interface DiscoveredProcessor {
  className: string;
  /** Null for an `@Processor` class that does not extend JobProcessor. */
  queue: string | null;
  jobNames: string[];
}

/**
 * Why the worker must not start, or an empty list. Every queue that exists (registered in the application or
 * listed in QueueName) needs exactly one processor, which must be a JobProcessor handling at least one job name:
 * jobs of a queue without a processor would wait forever, and two processors of one queue would each take a
 * random share of its jobs.
 */
export function queueCoverageProblems(
  registeredQueues: readonly string[],
  declaredQueues: readonly string[],
  processors: readonly DiscoveredProcessor[],
): string[] {
  const problems: string[] = [];
  const registered = new Set(registeredQueues);
  for (const queue of declaredQueues) {
    if (!registered.has(queue)) {
      problems.push(`queue "${queue}" is declared in QueueName but not registered (import JobsModule)`);
    }
  }
  for (const queue of [...new Set([...declaredQueues, ...registeredQueues])].sort()) {
    const owners = processors.filter((processor) => processor.queue === queue);
    if (owners.length === 0) {
      problems.push(`queue "${queue}" has no processor`);
    } else if (owners.length > 1) {
      problems.push(
        `queue "${queue}" has ${owners.length} processors (${owners.map((owner) => owner.className).join(', ')}); it needs exactly one`,
      );
    }
  }
  for (const processor of processors) {
    if (processor.queue === null) {
      problems.push(
        `${processor.className} does not extend JobProcessor with @QueueProcessor (no job-name check, no metrics)`,
      );
      continue;
    }
    if (!registered.has(processor.queue)) {
      problems.push(`${processor.className} processes queue "${processor.queue}", which is not registered`);
    }
    if (processor.jobNames.length === 0) {
      problems.push(`${processor.className} handles no job`);
    }
  }
  return problems;
}
