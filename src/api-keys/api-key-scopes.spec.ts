import { expandScope, expandScopes, isScopeExpression, notHeld } from 'src/api-keys/api-key-scopes';
import { PermissionSet } from 'src/auth/permission-set';
import { PERMISSIONS } from 'src/auth/permissions';

describe('API key scopes', () => {
  it('should keep a catalogue permission as it is', () => {
    expect(expandScope('domains:read')).toEqual(['domains:read']);
  });

  it('should expand records:write to create, update and delete', () => {
    expect(expandScope('records:write')).toEqual(['records:create', 'records:update', 'records:delete']);
  });

  it('should expand an area wildcard to every permission of that area and nothing else', () => {
    expect(expandScope('dnssec:*').sort()).toEqual([
      'dnssec:disable',
      'dnssec:enable',
      'dnssec:read',
      'dnssec:rotate',
    ]);
    expect(expandScope('records:*')).not.toContain('domains:read');
    expect(expandScope('api_keys:*')).toEqual(['api_keys:manage']);
  });

  it('should not match an area that is a prefix of another area', () => {
    // `domain:*` must not pick up `domains:*`.
    expect(expandScope('domain:*')).toEqual([]);
  });

  it('should refuse unknown permissions, unknown areas and a bare star', () => {
    for (const junk of [
      'records:upsert',
      'zones:*',
      '*',
      ':*',
      'records',
      'Records:read',
      'records:* ',
      '',
    ]) {
      expect(isScopeExpression(junk)).toBe(false);
    }
  });

  it('should accept every catalogue permission', () => {
    expect(PERMISSIONS.every((permission) => isScopeExpression(permission))).toBe(true);
  });

  it('should return sorted, de-duplicated permissions and list the unknown expressions', () => {
    const result = expandScopes(['records:write', 'records:create', 'domains:read', 'bogus', 'records:read']);
    expect(result.permissions).toEqual([
      'domains:read',
      'records:create',
      'records:delete',
      'records:read',
      'records:update',
    ]);
    expect(result.unknown).toEqual(['bogus']);
  });

  it('should name exactly the requested permissions that are not held', () => {
    const held = PermissionSet.of(['domains:read', 'records:read', 'records:create']);
    const { permissions } = expandScopes(['records:write', 'domains:read']);
    expect(notHeld(permissions, held)).toEqual(['records:delete', 'records:update']);
    expect(notHeld(['domains:read', 'records:read'], held)).toEqual([]);
    expect(notHeld(['domains:read'], PermissionSet.empty())).toEqual(['domains:read']);
  });
});
