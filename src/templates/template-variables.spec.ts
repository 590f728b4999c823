import { checkTemplateBody } from 'src/templates/template-rules';
import { prepareRendered, resolveAgainst } from 'src/templates/template-plan';
import { SYSTEM_TEMPLATES } from 'src/templates/system-templates';
import {
  builtinValues,
  placeholdersIn,
  renderRecords,
  resolveVariables,
} from 'src/templates/template-variables';
import { InvalidRenderedRecordError } from 'src/templates/templates.errors';
import { TemplateVariable } from 'src/templates/entities/template.entity';

const builtins = builtinValues({
  zoneName: 'example.com',
  tenantSlug: 'acme',
  now: new Date('2026-04-23T23:59:00Z'),
});
const variable = (name: string, extra: Partial<TemplateVariable> = {}): TemplateVariable => ({
  name,
  description: null,
  required: true,
  default: null,
  ...extra,
});

describe('template variables', () => {
  it('should fill the built-in variables', () => {
    expect(Object.fromEntries(builtins)).toEqual({
      domain: 'example.com',
      zone: 'example.com.',
      tenant: 'acme',
      date: '20260423',
    });
  });

  it('should find placeholders and refuse malformed ones', () => {
    expect(placeholdersIn('v=spf1 ${spf} include:${domain} $5 ${spf}')).toEqual({
      ok: true,
      names: ['spf', 'domain'],
    });
    expect(placeholdersIn('${Bad-Name}').ok).toBe(false);
    expect(placeholdersIn('${}').ok).toBe(false);
    expect(placeholdersIn('unclosed ${ip').ok).toBe(false);
  });

  it('should resolve given values, defaults using built-ins, missing required and unset optional variables', () => {
    const resolved = resolveVariables(
      [
        variable('ip'),
        variable('ipv6', { required: false }),
        variable('mail', { default: 'postmaster@${domain}' }),
        variable('must'),
      ],
      { ip: '192.0.2.1', must: '', domain: 'evil.example' },
      builtins,
    );
    expect(resolved.values.get('ip')).toBe('192.0.2.1');
    expect(resolved.values.get('mail')).toBe('postmaster@example.com');
    expect(resolved.values.get('domain')).toBe('example.com');
    expect(resolved.missing).toEqual(['must']);
    expect([...resolved.unset]).toEqual(['ipv6']);
  });

  it('should not re-expand placeholders inside supplied values', () => {
    const resolved = resolveVariables([variable('text')], { text: '${domain}' }, builtins);
    const [record] = renderRecords([{ name: '@', type: 'TXT', content: '"${text}"', ttl: null }], resolved);
    expect(record).toMatchObject({ kind: 'rendered', content: '"${domain}"' });
  });
});

describe('template body rules', () => {
  it('should accept every system template', () => {
    for (const template of SYSTEM_TEMPLATES) {
      expect({ key: template.key, errors: checkTemplateBody(template.records, template.variables) }).toEqual({
        key: template.key,
        errors: [],
      });
    }
  });

  it('should refuse unknown placeholders, built-in or duplicate declarations and invalid fixed records', () => {
    const errors = checkTemplateBody(
      [
        { name: 'www', type: 'CNAME', content: '${target}', ttl: null },
        { name: '@', type: 'MX', content: 'mail.example.net.', ttl: null },
        { name: '@', type: 'A', content: '${ip}', ttl: null },
      ],
      [variable('ip'), variable('ip'), variable('domain')],
    );
    expect(errors).toEqual([
      "Variable 'ip' is declared twice",
      "Variable 'domain' is a built-in variable and cannot be declared",
      expect.stringContaining('unknown placeholder ${target}'),
      expect.stringContaining('record 2 (@ MX)'),
    ]);
  });
});

describe('template plan', () => {
  const render = (
    records: { name: string; type: string; content: string }[],
    supplied: Record<string, string>,
    declared: TemplateVariable[],
  ) =>
    prepareRendered(
      'example.com.',
      3600,
      renderRecords(
        records.map((record) => ({ ...record, ttl: null })),
        resolveVariables(declared, supplied, builtins),
      ),
    );

  it('should skip existing, conflicting, repeated and unset records and create the rest', () => {
    const prepared = render(
      [
        { name: '@', type: 'A', content: '${ip}' },
        { name: '@', type: 'AAAA', content: '${ipv6}' },
        { name: 'www', type: 'CNAME', content: '${domain}.' },
        { name: 'mail', type: 'A', content: '${ip}' },
        { name: 'mail', type: 'A', content: '${ip}' },
      ],
      { ip: '192.0.2.1' },
      [variable('ip'), variable('ipv6', { required: false })],
    );
    const plan = resolveAgainst(
      [
        { id: 'r1', type: 'A', fqdn: 'example.com.', content: '192.0.2.1' },
        { id: 'r2', type: 'A', fqdn: 'www.example.com.', content: '192.0.2.9' },
      ],
      prepared,
    );
    expect(plan.create.map(({ record }) => `${record.relative} ${record.type}`)).toEqual(['mail A']);
    expect(plan.skipped.map(({ index, reason, conflicts }) => ({ index, reason, conflicts }))).toEqual([
      { index: 0, reason: 'already_exists', conflicts: ['r1'] },
      { index: 1, reason: 'variable_not_set', conflicts: [] },
      { index: 2, reason: 'conflict', conflicts: ['r2'] },
      { index: 4, reason: 'duplicate_in_template', conflicts: [] },
    ]);
  });

  it('should refuse a record that is invalid once rendered, naming it', () => {
    expect(() =>
      render([{ name: '@', type: 'A', content: '${ip}' }], { ip: 'not-an-ip' }, [variable('ip')]),
    ).toThrow(InvalidRenderedRecordError);
  });
});
