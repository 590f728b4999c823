#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { exitOnConfigError } from 'src/bootstrap/exit-on-config-error';
import { CliModule } from 'src/cli/cli.module';

/** Commander signals --help, --version and usage errors by throwing; those end the process with its exit code. */
function exitOnCliError(error: Error & { exitCode?: number; code?: string }): never {
  if (typeof error.code === 'string' && error.code.startsWith('commander.')) {
    process.exit(error.exitCode ?? 1);
  }
  return exitOnConfigError(error);
}

async function main(): Promise<void> {
  // Commands print their own results; framework logs go to stderr and only when something is wrong.
  await CommandFactory.run(CliModule, { cliName: 'scaidns', logger: ['error', 'warn'], errorHandler: exitOnCliError });
}

main().catch(exitOnConfigError);
