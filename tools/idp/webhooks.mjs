// Outbound webhooks shaped like ScaiKey's: canonical envelope, body serialized
// like Python json.dumps(sort_keys=True, separators=(",", ":")), HMAC-SHA256
// signature over "<t>.<raw body>". Deliveries run one at a time in event order,
// after the admin API has already answered.
import { createHmac, randomBytes } from 'node:crypto';
import { nowIso } from './store.mjs';

// Recursively sorted, compact JSON. Python's json.dumps escapes non-ASCII by
// default (ensure_ascii=True); we do the same so signatures are byte-identical.
export function canonicalJson(value) {
  const sortDeep = (v) => {
    if (Array.isArray(v)) return v.map(sortDeep);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortDeep(v[k])]));
    }
    return v;
  };
  return JSON.stringify(sortDeep(value)).replace(/[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function sign(secret, t, body) {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${t}.`).update(body).digest('hex');
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const BACKOFF_MS = [250, 500, 1000]; // three retries after the first attempt

export class WebhookDispatcher {
  constructor({ url, secret, log }) {
    this.url = url;
    this.secret = secret;
    this.log = log;
    this.queue = Promise.resolve(); // chain = in-order delivery
    this.deliveries = []; // newest last, capped at 100
    this.seq = 0;
  }

  // resource: {type, id}; actor: {id, type}; data: the resource representation.
  emit(eventType, { resource, actor, data, tenantId = null, partnerId = null }) {
    const event = {
      event_id: `evt_${randomBytes(12).toString('base64url')}`,
      event_type: eventType,
      timestamp: nowIso(),
      resource,
      actor,
      data,
      tenant_id: tenantId,
      partner_id: partnerId,
    };
    if (!this.url) {
      this.log(`webhook ${eventType} ${event.event_id} not sent (IDP_WEBHOOK_URL unset)`);
      return event;
    }
    // setImmediate: never start sending before the HTTP response went out.
    this.queue = this.queue.then(() => new Promise((r) => setImmediate(r))).then(() => this.#deliver(event));
    return event;
  }

  async #deliver(event) {
    const body = Buffer.from(canonicalJson(event), 'utf8');
    const id = ++this.seq;
    let status = null;
    let attempts = 0;
    let error = null;
    for (; attempts <= BACKOFF_MS.length; ) {
      if (attempts > 0) await sleep(BACKOFF_MS[attempts - 1]);
      attempts += 1;
      const t = Math.floor(Date.now() / 1000);
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          body,
          signal: AbortSignal.timeout(5000),
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'ScaiKey-Webhook/1.0',
            'X-ScaiKey-Event-Id': event.event_id,
            'X-ScaiKey-Event-Type': event.event_type,
            'X-ScaiKey-Webhook-ID': String(id),
            'X-ScaiKey-Timestamp': String(t),
            'X-ScaiKey-Signature': `t=${t},v1=${sign(this.secret, t, body)}`,
          },
        });
        await res.arrayBuffer().catch(() => {}); // drain so the socket is reused
        status = res.status;
        error = res.ok ? null : `HTTP ${res.status}`;
        if (res.ok) break;
      } catch (err) {
        status = null;
        error = err.cause?.code || err.name || String(err);
      }
    }
    const ok = error === null;
    this.deliveries.push({ event_id: event.event_id, event_type: event.event_type, status_code: status,
      attempts, delivered_at: ok ? nowIso() : null, success: ok, error });
    if (this.deliveries.length > 100) this.deliveries.shift();
    this.log(`webhook ${event.event_type} ${event.event_id} -> ${ok ? status : `FAILED (${error})`} after ${attempts} attempt(s)`);
  }
}
