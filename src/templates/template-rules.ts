import { isRecordType } from 'src/records/content/record-types';
import { prepareRecord } from 'src/records/record-input';
import { TemplateRecord, TemplateVariable } from 'src/templates/entities/template.entity';
import {
  VARIABLE_NAME_PATTERN,
  builtinValues,
  isBuiltinVariable,
  placeholdersIn,
  renderText,
} from 'src/templates/template-variables';

/** Hard limits that keep one template applicable in one zone write (bulk writes stop at 500 records). */
export const MAX_TEMPLATE_RECORDS = 100;
export const MAX_TEMPLATE_VARIABLES = 50;

/** A stand-in zone for checking the records that use no user variable before anyone applies them. */
const SAMPLE_ZONE = 'zone.example';

export function describeRecord(index: number, record: Pick<TemplateRecord, 'name' | 'type'>): string {
  return `record ${index + 1} (${record.name} ${record.type})`;
}

/**
 * Everything that can be wrong with a template body on its own, as readable messages (empty when fine):
 * - variable names: valid, unique, not a built-in; defaults may only use built-in placeholders;
 * - every placeholder in a record's name or content is a built-in or a declared variable;
 * - the record type is supported; a record that uses no user variable is checked in full (name, content, TTL,
 *   placement) against a sample zone, so a typo in a fixed record is caught now rather than at every apply.
 */
export function checkTemplateBody(
  records: readonly TemplateRecord[],
  variables: readonly TemplateVariable[],
): string[] {
  const errors: string[] = [];
  const declared = new Set<string>();
  for (const variable of variables) {
    if (!VARIABLE_NAME_PATTERN.test(variable.name)) {
      errors.push(
        `Variable '${variable.name}': names are lowercase letters, digits and '_', starting with a letter`,
      );
    } else if (isBuiltinVariable(variable.name)) {
      errors.push(`Variable '${variable.name}' is a built-in variable and cannot be declared`);
    } else if (declared.has(variable.name)) {
      errors.push(`Variable '${variable.name}' is declared twice`);
    }
    declared.add(variable.name);
    if (variable.default !== null) {
      const scan = placeholdersIn(variable.default);
      if (!scan.ok) {
        errors.push(`Default of variable '${variable.name}': ${scan.error}`);
      } else {
        const notBuiltin = scan.names.filter((name) => !isBuiltinVariable(name));
        if (notBuiltin.length > 0) {
          errors.push(
            `Default of variable '${variable.name}' may only use built-in variables, not ${notBuiltin.map((name) => `\${${name}}`).join(', ')}`,
          );
        }
      }
    }
  }
  const sample = builtinValues({ zoneName: SAMPLE_ZONE, tenantSlug: 'tenant', now: new Date() });
  records.forEach((record, index) => {
    const where = describeRecord(index, record);
    if (!isRecordType(record.type)) {
      errors.push(`Template ${where}: unsupported record type '${record.type}'`);
      return;
    }
    const used: string[] = [];
    for (const [field, text] of [
      ['name', record.name],
      ['content', record.content],
    ] as const) {
      const scan = placeholdersIn(text);
      if (!scan.ok) {
        errors.push(`Template ${where}, ${field}: ${scan.error}`);
        return;
      }
      const unknown = scan.names.filter((name) => !isBuiltinVariable(name) && !declared.has(name));
      if (unknown.length > 0) {
        errors.push(
          `Template ${where}, ${field}: unknown placeholder ${unknown.map((name) => `\${${name}}`).join(', ')} (declare it in variables or use a built-in)`,
        );
        return;
      }
      used.push(...scan.names);
    }
    if (used.every(isBuiltinVariable)) {
      const prepared = prepareRecord(
        `${SAMPLE_ZONE}.`,
        {
          name: renderText(record.name, sample),
          type: record.type,
          content: renderText(record.content, sample),
          ttl: record.ttl ?? undefined,
        },
        3600,
      );
      if (!prepared.ok) {
        errors.push(`Template ${where}: ${prepared.error}`);
      }
    }
  });
  return errors;
}
