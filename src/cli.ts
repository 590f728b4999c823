#!/usr/bin/env node
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { exitOnConfigError } from 'src/bootstrap/exit-on-config-error';
import { CliModule } from 'src/cli/cli.module';

async function main(): Promise<void> {
  // Commands print their own results; framework logs go to stderr and only when something is wrong.
  await CommandFactory.run(CliModule, { logger: ['error', 'warn'], errorHandler: exitOnConfigError });
}

main().catch(exitOnConfigError);
