import { describeFetchError } from 'src/auth/scaikey/oidc-discovery.service';
import { ScaiKeyUnavailableError } from 'src/auth/scaikey/scaikey.errors';

const TOKEN_REQUEST_TIMEOUT_MS = 10_000;

/**
 * A form POST to one of ScaiKey's OAuth endpoints (token, revocation), authenticated as a confidential client
 * with HTTP Basic (RFC 6749 §2.3.1: id and secret form-encoded first). Unreachable or timing out →
 * ScaiKeyUnavailableError, its message prefixed with `failure` when given.
 */
export async function postAsClient(
  endpoint: string,
  client: { id: string; secret: string },
  form: Record<string, string>,
  failure?: string,
): Promise<Response> {
  const credentials = Buffer.from(
    `${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`,
  ).toString('base64');
  try {
    return await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${credentials}`,
      },
      body: new URLSearchParams(form),
      signal: AbortSignal.timeout(TOKEN_REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    const reason = describeFetchError(error);
    throw new ScaiKeyUnavailableError(failure ? `${failure}: ${reason}` : reason);
  }
}
