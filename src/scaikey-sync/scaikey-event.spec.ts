import { parseEvent } from 'src/scaikey-sync/scaikey-event';

describe('parseEvent', () => {
  it('should read the canonical ScaiKey envelope', () => {
    const event = parseEvent(
      {
        event_id: 'evt_1',
        event_type: 'group.member_added',
        timestamp: '2026-01-01T00:00:00Z',
        resource: { type: 'group', id: 'grp_1' },
        actor: { id: 'admin', type: 'admin' },
        data: { group_id: 'grp_1', user_id: 'usr_1' },
        tenant_id: 'tnt_1',
        partner_id: 'prt_1',
      },
      undefined,
    );
    expect(event).toEqual({
      id: 'evt_1',
      type: 'group.member_added',
      tenantId: 'tnt_1',
      partnerId: 'prt_1',
      resourceId: 'grp_1',
      data: { group_id: 'grp_1', user_id: 'usr_1' },
    });
  });

  it('should read the documentation sample with the tenant nested in data', () => {
    const event = parseEvent(
      {
        event_id: 'evt_2',
        event_type: 'user.created',
        data: { id: 'usr_2', email: 'a@b.test', tenant: { id: 'tnt_2', name: 'T', slug: 't' } },
      },
      undefined,
    );
    expect(event).toMatchObject({ id: 'evt_2', type: 'user.created', tenantId: 'tnt_2', partnerId: null });
  });

  it('should prefer the signed body id over the header, and use the header only as a fallback', () => {
    expect(parseEvent({ event_id: 'evt_body', event_type: 'x.y' }, 'evt_header')).toMatchObject({
      id: 'evt_body',
    });
    expect(parseEvent({ event_type: 'x.y' }, 'evt_header')).toMatchObject({ id: 'evt_header' });
    expect(parseEvent({ event_type: 'x.y' }, undefined)).toMatchObject({ id: null });
  });

  it('should accept the sibling shape and its membership event names', () => {
    expect(parseEvent({ id: 'evt_3', type: 'group_membership.removed', data: {} }, undefined)).toMatchObject({
      id: 'evt_3',
      type: 'group.member_removed',
    });
  });

  it('should refuse bodies without an event type', () => {
    expect(parseEvent([], undefined)).toEqual({ error: expect.any(String) });
    expect(parseEvent({ event_id: 'evt_4' }, undefined)).toEqual({ error: expect.any(String) });
  });
});
