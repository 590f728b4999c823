import {
  groupState,
  partnerState,
  stableJson,
  tenantState,
  userState,
} from 'src/scaikey-sync/scaikey-mapping';

describe('ScaiKey → cache mapping', () => {
  it('should map user profiles, statuses and role flags like the token path does', () => {
    const base = {
      id: 'usr_1',
      email: 'Bob@Acme.Test',
      first_name: 'Bob',
      last_name: 'Brown',
      display_name: '',
      status: 'SUSPENDED',
    };
    expect(userState({ ...base, role: 'tenant_admin' }, 'tnt_1', [])).toEqual({
      scaikeyUserId: 'usr_1',
      tenantScaikeyId: 'tnt_1',
      email: 'bob@acme.test',
      name: 'Bob Brown',
      status: 'inactive',
      isPlatformAdmin: false,
      isTenantAdmin: true,
    });
    expect(userState({ ...base, role: null, status: 'ACTIVE' }, 'tnt_1', ['bob@acme.test'])).toMatchObject({
      status: 'active',
      isPlatformAdmin: true,
      isTenantAdmin: false,
    });
  });

  it('should leave unknown fields undefined so they keep their cached value', () => {
    const state = userState({ user_id: 'usr_2' }, 'tnt_1', []);
    expect(state).toEqual({
      scaikeyUserId: 'usr_2',
      tenantScaikeyId: 'tnt_1',
      email: undefined,
      name: undefined,
      status: undefined,
    });
    expect(state).not.toHaveProperty('isPlatformAdmin', expect.anything());
  });

  it('should suspend deleted tenants and soft-delete deleted partners', () => {
    expect(tenantState({ id: 'tnt_1', status: 'DELETED', partner_id: 'prt_1' })).toMatchObject({
      status: 'suspended',
      partnerScaikeyId: 'prt_1',
    });
    expect(tenantState({ id: 'tnt_1', partner: { id: 'prt_2' } })).toMatchObject({
      status: undefined,
      partnerScaikeyId: 'prt_2',
    });
    expect(partnerState({ id: 'prt_1', status: 'DELETED', name: 'P' })).toEqual({
      scaikeyPartnerId: 'prt_1',
      name: 'P',
      slug: undefined,
      status: 'deleted',
    });
    expect(partnerState({ name: 'no id' })).toBeNull();
  });

  it('should map groups with an empty description as null', () => {
    expect(
      groupState({ id: 'grp_1', name: 'Ops', description: '', group_type: 'security' }, 'tnt_1'),
    ).toEqual({
      scaikeyGroupId: 'grp_1',
      tenantScaikeyId: 'tnt_1',
      name: 'Ops',
      description: null,
      groupType: 'SECURITY',
    });
  });

  it('should compare settings regardless of key order', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: [3] } })).toBe(stableJson({ a: { c: [3], d: 2 }, b: 1 }));
  });
});
