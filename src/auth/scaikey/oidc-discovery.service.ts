import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from 'src/config/app-config';
import { ScaiKeyUnavailableError } from 'src/auth/scaikey/scaikey.errors';

export interface OidcDiscoveryDocument {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
  revocation_endpoint?: string;
}

const REQUIRED_FIELDS = ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const;

/**
 * Every ScaiKey endpoint comes from its discovery document, so ScaiDNS follows ScaiKey when it moves paths.
 * The document is cached for the JWKS cache lifetime; a failed refresh keeps serving the last good copy.
 */
@Injectable()
export class OidcDiscoveryService {
  private readonly logger = new Logger(OidcDiscoveryService.name);
  private cached: { document: OidcDiscoveryDocument; fetchedAt: number } | null = null;
  private inFlight: Promise<OidcDiscoveryDocument> | null = null;

  constructor(private readonly config: AppConfig) {}

  async get(): Promise<OidcDiscoveryDocument> {
    const ttlMs = this.config.scaikey.jwksCacheTtlSeconds * 1000;
    if (this.cached && Date.now() - this.cached.fetchedAt < ttlMs) {
      return this.cached.document;
    }
    this.inFlight ??= this.fetchDocument().finally(() => (this.inFlight = null));
    try {
      return await this.inFlight;
    } catch (error) {
      if (this.cached) {
        this.logger.warn(`Discovery refresh failed, using the cached document: ${String(error)}`);
        return this.cached.document;
      }
      throw error;
    }
  }

  private async fetchDocument(): Promise<OidcDiscoveryDocument> {
    let response: Response;
    try {
      response = await fetch(this.config.scaikey.discoveryUrl, { signal: AbortSignal.timeout(5000) });
    } catch (error) {
      throw new ScaiKeyUnavailableError(`discovery request failed: ${describeFetchError(error)}`);
    }
    if (!response.ok) {
      throw new ScaiKeyUnavailableError(`discovery answered HTTP ${response.status}`);
    }
    const document = (await response.json()) as Partial<OidcDiscoveryDocument>;
    const missing = REQUIRED_FIELDS.filter((field) => typeof document[field] !== 'string');
    if (missing.length > 0) {
      throw new ScaiKeyUnavailableError(`discovery document lacks ${missing.join(', ')}`);
    }
    this.cached = { document: document as OidcDiscoveryDocument, fetchedAt: Date.now() };
    return this.cached.document;
  }
}

export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
