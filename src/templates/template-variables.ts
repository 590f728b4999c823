import { TemplateRecord, TemplateVariable } from 'src/templates/entities/template.entity';

/** Variables every template can use without declaring them. */
export const BUILTIN_VARIABLES = [
  { name: 'domain', description: 'The zone name, without the trailing dot', example: 'example.com' },
  {
    name: 'zone',
    description: 'The zone name, with the trailing dot (for host names in content)',
    example: 'example.com.',
  },
  { name: 'tenant', description: "The slug of the zone's tenant", example: 'acme' },
  { name: 'date', description: 'The day the template is applied, in UTC, as YYYYMMDD', example: '20260423' },
] as const;

export type BuiltinVariableName = (typeof BUILTIN_VARIABLES)[number]['name'];

const BUILTIN_NAMES: ReadonlySet<string> = new Set(BUILTIN_VARIABLES.map((variable) => variable.name));

/** Lowercase letters, digits and '_', starting with a letter: what `${...}` may contain. */
export const VARIABLE_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

const PLACEHOLDER = /\$\{([^}]*)\}/g;

export function isBuiltinVariable(name: string): boolean {
  return BUILTIN_NAMES.has(name);
}

export type PlaceholderScan = { ok: true; names: string[] } | { ok: false; error: string };

/** The variable names a text refers to. `$` alone is literal; `${` must be closed and name a valid variable. */
export function placeholdersIn(text: string): PlaceholderScan {
  const names: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    if (!VARIABLE_NAME_PATTERN.test(match[1])) {
      return {
        ok: false,
        error: `'${match[0]}' is not a valid placeholder: use \${name} with a lowercase name`,
      };
    }
    names.push(match[1]);
  }
  if (text.replace(PLACEHOLDER, '').includes('${')) {
    return { ok: false, error: `'${text}' has a '\${' without its closing '}'` };
  }
  return { ok: true, names: [...new Set(names)] };
}

/** Replaces every placeholder with its value; the caller guarantees each one has a value. Values are not re-scanned. */
export function renderText(text: string, values: ReadonlyMap<string, string>): string {
  return text.replace(PLACEHOLDER, (_whole, name: string) => values.get(name) ?? '');
}

export interface BuiltinInputs {
  /** Zone name without the trailing dot. */
  zoneName: string;
  tenantSlug: string;
  now: Date;
}

export function builtinValues(inputs: BuiltinInputs): Map<string, string> {
  const date = inputs.now.toISOString().slice(0, 10).replace(/-/g, '');
  const values: Record<BuiltinVariableName, string> = {
    domain: inputs.zoneName,
    zone: `${inputs.zoneName}.`,
    tenant: inputs.tenantSlug,
    date,
  };
  return new Map(Object.entries(values));
}

export interface ResolvedVariables {
  /** Built-ins plus every user variable that has a value (given, or its default). */
  values: Map<string, string>;
  /** Required variables with neither a value nor a default. */
  missing: string[];
  /** Optional variables left without a value: records using them are skipped. */
  unset: Set<string>;
}

/**
 * Values for a template's variables. A supplied empty string counts as not supplied; a default may use built-ins.
 * Supplied values for undeclared names are ignored, and built-ins cannot be overridden.
 */
export function resolveVariables(
  declared: readonly TemplateVariable[],
  supplied: Readonly<Record<string, string>>,
  builtins: ReadonlyMap<string, string>,
): ResolvedVariables {
  const values = new Map(builtins);
  const missing: string[] = [];
  const unset = new Set<string>();
  for (const variable of declared) {
    const given = Object.prototype.hasOwnProperty.call(supplied, variable.name)
      ? supplied[variable.name]
      : undefined;
    if (typeof given === 'string' && given !== '') {
      values.set(variable.name, given);
    } else if (variable.default !== null && variable.default !== '') {
      values.set(variable.name, renderText(variable.default, builtins));
    } else if (variable.required) {
      missing.push(variable.name);
    } else {
      unset.add(variable.name);
    }
  }
  return { values, missing, unset };
}

export type RenderedRecord =
  | {
      index: number;
      source: TemplateRecord;
      kind: 'rendered';
      name: string;
      type: string;
      content: string;
      ttl: number | null;
    }
  | { index: number; source: TemplateRecord; kind: 'unset'; unset: string[] };

/** Every template record with its placeholders filled in, or marked when it uses an optional variable left unset. */
export function renderRecords(
  records: readonly TemplateRecord[],
  resolved: ResolvedVariables,
): RenderedRecord[] {
  return records.map((source, index) => {
    const used = [...scanOrEmpty(source.name), ...scanOrEmpty(source.content)];
    const unset = [...new Set(used.filter((name) => resolved.unset.has(name)))];
    if (unset.length > 0) {
      return { index, source, kind: 'unset', unset };
    }
    return {
      index,
      source,
      kind: 'rendered',
      name: renderText(source.name, resolved.values),
      type: source.type,
      content: renderText(source.content, resolved.values),
      ttl: source.ttl,
    };
  });
}

/** The user variables a template's records use (built-ins left out), in order of first use. */
export function variablesUsedBy(records: readonly TemplateRecord[]): { user: string[]; builtin: string[] } {
  const used = [
    ...new Set(records.flatMap((record) => [...scanOrEmpty(record.name), ...scanOrEmpty(record.content)])),
  ];
  return { user: used.filter((name) => !isBuiltinVariable(name)), builtin: used.filter(isBuiltinVariable) };
}

function scanOrEmpty(text: string): string[] {
  const scan = placeholdersIn(text);
  return scan.ok ? scan.names : [];
}
