import { Loose, isObject, text } from 'src/scaikey-sync/scaikey-mapping';

/**
 * One webhook event, whichever envelope it came in:
 * - ScaiKey's canonical `{event_id, event_type, timestamp, resource:{type,id}, actor, data, tenant_id, partner_id}`;
 * - the ScaiDNS documentation sample `{event_id, event_type, timestamp, data:{…, tenant:{id,name,slug}}}`;
 * - the sibling-product shape `{id, type, created_at, data}`.
 */
export interface ScaiKeyEvent {
  /** Null when neither the body nor the header carries one (the event is then not deduplicated). */
  id: string | null;
  type: string;
  /** ScaiKey tenant id the event belongs to: `data.tenant.id`, else `data.tenant_id`, else the envelope's. */
  tenantId: string | null;
  partnerId: string | null;
  resourceId: string | null;
  data: Loose;
}

/** Names used by other ScaiKey integrations for the same events. */
const ALIASES: Record<string, string> = {
  'group_membership.added': 'group.member_added',
  'group_membership.removed': 'group.member_removed',
};

/**
 * Normalises a parsed body. The id in the (signed) body wins over the `X-ScaiKey-Event-Id` header, which the
 * signature does not cover: a replayed request with another header must still be recognised as the same event.
 */
export function parseEvent(
  body: unknown,
  headerEventId: string | undefined,
): ScaiKeyEvent | { error: string } {
  if (!isObject(body)) {
    return { error: 'The event is not a JSON object' };
  }
  const rawType = text(body.event_type) ?? text(body.type);
  if (!rawType) {
    return { error: 'The event has no event_type' };
  }
  const data = isObject(body.data) ? body.data : {};
  const resource = isObject(body.resource) ? body.resource : {};
  const tenant = isObject(data.tenant) ? text(data.tenant.id) : undefined;
  const partner = isObject(data.partner) ? text(data.partner.id) : undefined;
  const id =
    text(body.event_id) ?? (text(body.event_type) ? undefined : text(body.id)) ?? text(headerEventId);
  return {
    id: id ? id.slice(0, 128) : null,
    type: ALIASES[rawType] ?? rawType,
    tenantId: tenant ?? text(data.tenant_id) ?? text(body.tenant_id) ?? null,
    partnerId: partner ?? text(data.partner_id) ?? text(body.partner_id) ?? null,
    resourceId: text(resource.id) ?? null,
    data,
  };
}
