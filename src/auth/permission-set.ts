import { Permission } from 'src/auth/permissions';

/** Permissions a caller holds in one tenant (and optionally one zone). */
export class PermissionSet {
  constructor(private readonly granted: ReadonlySet<Permission>) {}

  static of(permissions: Iterable<Permission>): PermissionSet {
    return new PermissionSet(new Set(permissions));
  }

  static empty(): PermissionSet {
    return new PermissionSet(new Set());
  }

  has(permission: Permission): boolean {
    return this.granted.has(permission);
  }

  list(): Permission[] {
    return [...this.granted].sort();
  }
}
