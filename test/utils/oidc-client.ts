import { createHash, randomBytes } from 'node:crypto';
import { TestStack } from 'test/utils/test-stack';

/** Redirect URI registered for both browser clients in the development IdP. */
export const TEST_REDIRECT_URI = 'http://127.0.0.1:8787/callback';

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

export interface AuthorizationResult {
  code: string;
  codeVerifier: string;
  redirectUri: string;
}

/** A minimal cookie jar: enough for the IdP's interaction cookies. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  store(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';')[0];
      const index = pair.indexOf('=');
      const [name, value] = [pair.slice(0, index), pair.slice(index + 1)];
      if (value) {
        this.cookies.set(name, value);
      } else {
        this.cookies.delete(name);
      }
    }
  }
}

async function discover(stack: TestStack): Promise<Discovery> {
  const response = await fetch(stack.idp.discovery_url);
  return (await response.json()) as Discovery;
}

/**
 * Drives a real authorization-code + PKCE sign-in like a browser would: authorize, the login form (email and
 * password), consent, redirect. Returns the code without exchanging it, so tests can exchange it through ScaiDNS.
 */
export async function authorize(
  stack: TestStack,
  email: string,
  password: string,
  clientId = 'scaidns',
  scope = 'openid profile email offline_access',
): Promise<AuthorizationResult> {
  const discovery = await discover(stack);
  const codeVerifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('base64url');
  const jar = new CookieJar();
  let url =
    `${discovery.authorization_endpoint}?` +
    new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: TEST_REDIRECT_URI,
      scope,
      state,
      prompt: 'consent',
      code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
  let body: URLSearchParams | undefined;
  for (let hop = 0; hop < 15 && !url.startsWith(TEST_REDIRECT_URI); hop++) {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    jar.store(response);
    body = undefined;
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url).toString();
      continue;
    }
    const html = await response.text();
    const action = /<form method="post" action="([^"]+\/login)"/.exec(html)?.[1];
    if (response.status !== 200 || !action) {
      throw new Error(`unexpected answer at ${url}: ${response.status} ${html.slice(0, 200)}`);
    }
    if (html.includes('role="alert"') && hop > 0) {
      throw new Error(`login refused for ${email}`);
    }
    url = new URL(action.replace(/&amp;/g, '&'), url).toString();
    body = new URLSearchParams({ email, password });
  }
  const callback = new URL(url).searchParams;
  if (callback.get('state') !== state || !callback.get('code')) {
    throw new Error(`authorization failed: ${callback.get('error')} ${callback.get('error_description')}`);
  }
  return { code: callback.get('code')!, codeVerifier, redirectUri: TEST_REDIRECT_URI };
}

/** Signs a demo user in directly at the IdP (public swagger client) and returns the access token. */
export async function userToken(stack: TestStack, email: string): Promise<string> {
  const user = stack.idp.users.find((candidate) => candidate.email === email);
  if (!user) {
    throw new Error(`no demo user ${email}`);
  }
  const { code, codeVerifier, redirectUri } = await authorize(
    stack,
    email,
    user.password,
    'scaidns-swagger',
    'openid email',
  );
  const discovery = await discover(stack);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: codeVerifier,
      redirect_uri: redirectUri,
      client_id: 'scaidns-swagger',
    }),
  });
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) {
    throw new Error(`token exchange failed: ${JSON.stringify(tokens)}`);
  }
  return tokens.access_token;
}

export async function clientCredentialsToken(
  stack: TestStack,
  clientId: string,
  scope?: string,
): Promise<string> {
  const client = stack.idp.clients.find((candidate) => candidate.client_id === clientId);
  if (!client?.client_secret) {
    throw new Error(`no confidential demo client ${clientId}`);
  }
  const discovery = await discover(stack);
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${client.client_secret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }),
  });
  const tokens = (await response.json()) as { access_token?: string };
  if (!tokens.access_token) {
    throw new Error(`client_credentials failed: ${JSON.stringify(tokens)}`);
  }
  return tokens.access_token;
}
