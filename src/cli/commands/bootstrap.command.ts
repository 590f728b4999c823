import { Command, CommandRunner, Option } from 'nest-commander';
import { BootstrapAdminService } from 'src/cli/bootstrap-admin.service';

interface BootstrapOptions {
  json?: boolean;
  reuseKey?: string;
}

/** `scaidns bootstrap`: ensures the platform-admin service principal and prints an API key for it. */
@Command({ name: 'bootstrap', description: 'Ensure a platform-admin API key exists and print it' })
export class BootstrapCommand extends CommandRunner {
  constructor(private readonly bootstrap: BootstrapAdminService) {
    super();
  }

  async run(_params: string[], options: BootstrapOptions): Promise<void> {
    const result = await this.bootstrap.ensure(options.reuseKey ?? null);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    process.stdout.write(
      `${result.created ? 'Created' : 'Kept'} the bootstrap platform-admin API key (id ${result.key_id}):\n\n  ${result.api_key}\n\n` +
        'Store it now: only its hash is kept. Use it as the X-API-Key header.\n',
    );
  }

  @Option({ flags: '--json', description: 'Print one JSON line' })
  parseJson(): boolean {
    return true;
  }

  @Option({ flags: '--reuse-key <key>', description: 'Keep this key if it is still a valid bootstrap key' })
  parseReuseKey(value: string): string {
    return value;
  }
}
