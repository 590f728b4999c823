/**
 * ScaiKey's `role` values that make someone an admin in ScaiDNS (the same mapping as
 * src/auth/identity-principal.resolver.ts applies to the `role` claim; docs/permissions.md).
 */
export const SCAIKEY_PLATFORM_ROLES: readonly string[] = ['super_admin'];
export const SCAIKEY_TENANT_ADMIN_ROLES: readonly string[] = ['tenant_admin', 'partner_admin'];
