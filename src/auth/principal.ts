import { Permission } from 'src/auth/permissions';

/** An authenticated caller: a person with a ScaiKey token, or an automation using an API key. */
export interface Principal {
  type: 'user' | 'api_key';
  /** ScaiDNS user id (local cache row) of the person, or of the API key's owning user. */
  userId: string | null;
  /** ScaiKey's subject: a user id, or a client id for client_credentials tokens. */
  subject: string;
  email: string | null;
  /** The tenant the credential belongs to (ScaiDNS tenant id). */
  homeTenantId: string | null;
  isPlatformAdmin: boolean;
  /** The cached user behind the credential (the person, or an API key's owning user); null for group-owned keys. */
  user: { tenantId: string; isTenantAdmin: boolean } | null;
  apiKeyId: string | null;
  /** Narrowing scopes of an API key; null means "everything the owner holds". */
  apiKeyScopes: Permission[] | null;
  /** Requests per minute allowed for this key; null means the platform default. */
  apiKeyRateLimit: number | null;
  /** The user or group whose permissions an API key carries. */
  apiKeyOwner: { type: 'user' | 'group'; id: string } | null;
  /** Raw token claims, for /auth/me. Empty for API keys. */
  claims: Record<string, unknown>;
}
