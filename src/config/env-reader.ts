/**
 * Reads environment variables into typed values and collects every problem instead of stopping at the first,
 * so a bad deployment learns about all of its mistakes in one boot.
 */
export class EnvReader {
  readonly errors: string[] = [];

  constructor(
    private readonly env: Record<string, string | undefined>,
    private readonly devDefaults: boolean,
  ) {}

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  /** A required value; `devDefault` is used only when development defaults are enabled. */
  required(name: string, devDefault?: string): string {
    const value = this.raw(name) ?? (this.devDefaults ? devDefault : undefined);
    if (value === undefined) {
      this.errors.push(`${name}: is required`);
      return '';
    }
    return value;
  }

  optional(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalOrNull(name: string): string | null {
    return this.raw(name) ?? null;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) {
      return fallback;
    }
    const parsed = Number(value);
    if (!/^-?\d+$/.test(value) || parsed < min || parsed > max) {
      this.errors.push(`${name}: must be an integer between ${min} and ${max} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) {
      return fallback;
    }
    if (['1', 'true', 'yes', 'on'].includes(value)) {
      return true;
    }
    if (['0', 'false', 'no', 'off'].includes(value)) {
      return false;
    }
    this.errors.push(`${name}: must be true or false (got "${value}")`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) {
      return fallback;
    }
    const normalised = value.toLowerCase() as T;
    if (!allowed.includes(normalised)) {
      this.errors.push(`${name}: must be one of ${allowed.join(', ')} (got "${value}")`);
      return fallback;
    }
    return normalised;
  }

  list(name: string, fallback: string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) {
      return fallback;
    }
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  /** Parses a URL; `protocols` lists the accepted schemes without the colon. */
  url(name: string, value: string, protocols: string[]): URL | null {
    if (!value) {
      return null;
    }
    try {
      const url = new URL(value);
      if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
        this.errors.push(`${name}: scheme must be one of ${protocols.join(', ')}`);
        return null;
      }
      return url;
    } catch {
      // Never echo the value: URLs here may carry passwords.
      this.errors.push(`${name}: is not a valid URL`);
      return null;
    }
  }

  fail(name: string, message: string): void {
    this.errors.push(`${name}: ${message}`);
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }
}
