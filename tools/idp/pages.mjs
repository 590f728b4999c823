// Plain, self-contained HTML pages (no external fonts/scripts: the IdP must
// never make a browser fetch anything beyond 127.0.0.1).

export const esc = (s) => String(s ?? '').replace(/[&<>"']/g,
  (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

const CSS = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:40px 16px}
main{max-width:380px;margin:0 auto;background:#fff;border-radius:8px;padding:24px 28px;box-shadow:0 1px 4px rgba(0,0,0,.15)}
h1{font-size:1.3em;margin-top:0}label{display:block;margin:12px 0 4px;font-size:.9em}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:8px;font-size:1em}
button{margin-top:16px;width:100%;padding:10px;font-size:1em;background:#2457c5;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{background:#fde8e8;color:#9b1c1c;padding:8px 10px;border-radius:4px}.muted{color:#666;font-size:.85em}
table{font-size:.8em;border-collapse:collapse;margin-top:8px}td{padding:2px 6px}`;

export function layout(title, body) {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${CSS}</style></head><body><main>${body}</main></body></html>`;
}

// The login form. Field names email/password are part of the contract: tests
// and scripts POST them form-urlencoded to the form's action.
export function loginPage({ action, abortAction, clientId, scope, email = '', error, demoUsers = [] }) {
  const rows = demoUsers.map((u) => `<tr><td>${esc(u.email)}</td><td>${esc(u.password)}</td><td>${esc(u.role ?? 'user')}</td></tr>`).join('');
  return layout('Sign in - ScaiKey (dev)', `<h1>Sign in to ScaiKey (dev IdP)</h1>
<p class="muted">Client <b>${esc(clientId)}</b> requests: ${esc(scope)}</p>
${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form method="post" action="${esc(action)}" autocomplete="off">
<label for="email">Email</label><input id="email" name="email" type="email" required autofocus value="${esc(email)}">
<label for="password">Password</label><input id="password" name="password" type="password" required>
<button type="submit">Sign in</button></form>
<form method="post" action="${esc(abortAction)}"><button type="submit" style="background:#888">Cancel</button></form>
${rows ? `<p class="muted">Demo accounts:</p><table>${rows}</table>` : ''}`);
}

// RP-initiated logout without a confirmation step: the provider's form (with
// its xsrf token) gets logout=yes and submits itself. Scripts can parse and POST it.
export function logoutPage(form) {
  const auto = form.replace('</form>',
    '<input type="hidden" name="logout" value="yes"/><noscript><button type="submit">Continue sign-out</button></noscript></form>');
  return layout('Signing out', `<h1>Signing out...</h1>${auto}
<script>document.getElementById('op.logoutForm').submit()</script>`);
}

export function logoutSuccessPage() {
  return layout('Signed out', '<h1>Signed out</h1><p>You have been signed out of the ScaiKey dev IdP.</p>');
}

export function errorPage({ error, error_description: description }) {
  return layout('Error', `<h1>Sign-in error</h1><p class="error">${esc(error)}</p><p>${esc(description)}</p>`);
}
