import {
  CONTRACT, type ConnectorDefinition, type DestinationAuth, type FieldViolation, type MaxComputeDestination, type McFormat,
  type McMode, type SourceSettings, type TablestoreDestination,
} from '../api/model';

/** Seed 000/003's name rule, checked as the user types (the server checks the same rule again, plus uniqueness). */
export const NAME_MAX = CONTRACT.connectorName.maxLength;
const NAME_PATTERN = new RegExp(`^(?:${CONTRACT.connectorName.pattern})$`);

export type NameProblem = 'required' | 'length' | 'pattern' | null;

export function nameProblem(name: string): NameProblem {
  if (!name) return 'required';
  if (name.length > NAME_MAX) return 'length';
  if (!NAME_PATTERN.test(name)) return 'pattern';
  return null;
}

/** The "Configure Runtime Environment" defaults derived from the connector name, as the server derives them. */
export function runtimeDefaults(name: string): Required<Pick<SourceSettings,
  'consumerGroup' | 'offsetTopic' | 'configTopic' | 'statusTopic' | 'deadLetterTopic' | 'errorTopic'>> {
  const prefix = CONTRACT.defaultNamePrefixes;
  return {
    consumerGroup: prefix.consumerGroup + name,
    offsetTopic: prefix.offsetTopic + name,
    configTopic: prefix.configTopic + name,
    statusTopic: prefix.statusTopic + name,
    deadLetterTopic: prefix.deadLetterTopic + name,
    errorTopic: prefix.errorTopic + name,
  };
}

export type RuntimeTopicField = keyof ReturnType<typeof runtimeDefaults>;
export const RUNTIME_FIELDS: RuntimeTopicField[] =
  ['consumerGroup', 'offsetTopic', 'configTopic', 'statusTopic', 'deadLetterTopic', 'errorTopic'];

// ---- MaxCompute ----

/** The formats a mode can write (DEFAULT writes key and value and takes only TEXT or BINARY), the sink's own rule. */
export function maxComputeFormats(mode: McMode): readonly McFormat[] {
  return CONTRACT.maxCompute.formatsByMode[mode];
}

// ---- Tablestore: which fields apply (seed 003's "this parameter is displayed when ...") ----

export interface TablestoreVisibility {
  keyFormat: boolean;
  valueFormat: boolean;
  jsonConversion: boolean;
  primaryKeyMode: boolean;
  primaryKeyColumns: boolean;
  writeMode: boolean;
  deleteMode: boolean;
  timeseries: boolean;
  fieldTypes: boolean;
}

export const MAX_PRIMARY_KEY_COLUMNS = CONTRACT.tablestore.maxPrimaryKeyColumns;

export function tablestoreVisibility(d: TablestoreDestination): TablestoreVisibility {
  const wide = (d.model ?? 'WIDE_COLUMN') === 'WIDE_COLUMN';
  const keyFormat = d.keyFormat ?? 'JSON';
  const valueFormat = d.valueFormat ?? 'JSON';
  const pkMode = d.primaryKeyMode ?? 'KAFKA';
  const anyJson = keyFormat === 'JSON' || valueFormat === 'JSON';
  return {
    keyFormat: wide,
    valueFormat: wide,
    jsonConversion: wide && anyJson,
    primaryKeyMode: wide,
    primaryKeyColumns: wide && ((pkMode === 'RECORD_KEY' && keyFormat === 'JSON')
      || (pkMode === 'RECORD_VALUE' && valueFormat === 'JSON')),
    writeMode: wide,
    deleteMode: wide && pkMode === 'RECORD_KEY',
    timeseries: !wide,
    fieldTypes: !wide && d.timeseries?.mapAllFields === false,
  };
}

// ---- The wizard's draft and the definition sent to the server ----

export const MAX_REPLICAS = CONTRACT.maxReplicas;

export interface WizardDraft {
  name: string;
  description: string;
  replicas?: number;
  source: SourceSettings;
  /** Runtime-environment values the user typed; the rest follow the name. */
  runtimeOverrides: Partial<Record<RuntimeTopicField, string>>;
  destinationType: 'MAXCOMPUTE' | 'TABLESTORE';
  maxCompute: MaxComputeDestination;
  tablestore: TablestoreDestination;
}

export function emptyDraft(): WizardDraft {
  return {
    name: '',
    description: '',
    replicas: 1,
    source: { topic: '', concurrency: CONTRACT.defaultConcurrency, offsetReset: 'EARLIEST', failurePolicy: 'CONTINUE',
      resourceCreation: 'AUTO' },
    runtimeOverrides: {},
    destinationType: 'MAXCOMPUTE',
    maxCompute: {
      type: 'MAXCOMPUTE', endpoint: '', project: '', table: '', region: '', mode: 'DEFAULT', format: 'TEXT',
      partitionWindow: 'HOUR', timeZone: CONTRACT.maxCompute.defaultTimeZone, auth: { type: 'ACCESS_KEY', accessKeyId: '', accessKeySecret: '' },
    },
    tablestore: {
      type: 'TABLESTORE', endpoint: '', instanceName: '', autoCreateTable: true, tableName: '', model: 'WIDE_COLUMN',
      keyFormat: 'JSON', valueFormat: 'JSON', jsonConversion: 'ALL_STRING', primaryKeyMode: 'KAFKA',
      primaryKeyColumns: [], writeMode: 'PUT', deleteMode: 'NONE',
      timeseries: { timestampUnit: 'MILLISECONDS', mapAllFields: true, tagFields: [], fieldTypes: {} },
      auth: { type: 'ACCESS_KEY', accessKeyId: '', accessKeySecret: '' },
    },
  };
}

export function runtimeValue(draft: WizardDraft, field: RuntimeTopicField): string {
  return draft.runtimeOverrides[field] ?? runtimeDefaults(draft.name)[field];
}

/** Empty strings mean "not given" to the server, so they are left out rather than sent. */
function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === '' || v === undefined || v === null) continue;
    out[k] = v;
  }
  return out as T;
}

function authOf(auth: DestinationAuth | undefined): DestinationAuth | undefined {
  if (!auth) return undefined;
  return auth.type === 'ACCESS_KEY'
    ? compact<DestinationAuth>({ type: 'ACCESS_KEY', accessKeyId: auth.accessKeyId, accessKeySecret: auth.accessKeySecret })
    : compact<DestinationAuth>({ type: 'RAM_ROLE', accountId: auth.accountId, roleName: auth.roleName, stsEndpoint: auth.stsEndpoint,
      clientTimeoutMs: auth.clientTimeoutMs });
}

function tablestoreDefinition(d: TablestoreDestination): TablestoreDestination {
  const show = tablestoreVisibility(d);
  const ts = d.timeseries ?? {};
  return compact({
    type: 'TABLESTORE',
    endpoint: d.endpoint,
    instanceName: d.instanceName,
    auth: authOf(d.auth),
    autoCreateTable: d.autoCreateTable,
    tableName: d.tableName,
    model: d.model,
    keyFormat: show.keyFormat ? d.keyFormat : undefined,
    valueFormat: show.valueFormat ? d.valueFormat : undefined,
    jsonConversion: show.jsonConversion ? d.jsonConversion : undefined,
    primaryKeyMode: show.primaryKeyMode ? d.primaryKeyMode : undefined,
    primaryKeyColumns: show.primaryKeyColumns ? d.primaryKeyColumns : undefined,
    writeMode: show.writeMode ? d.writeMode : undefined,
    deleteMode: show.deleteMode ? d.deleteMode : undefined,
    timeseries: show.timeseries ? compact({
      metricNameField: ts.metricNameField,
      dataSourceField: ts.dataSourceField,
      tagFields: ts.tagFields?.filter((t) => t !== ''),
      timestampField: ts.timestampField,
      timestampUnit: ts.timestampUnit,
      mapAllFields: ts.mapAllFields,
      fieldTypes: show.fieldTypes ? ts.fieldTypes : undefined,
    }) : undefined,
  });
}

function maxComputeDefinition(d: MaxComputeDestination): MaxComputeDestination {
  return compact({ ...d, auth: authOf(d.auth) });
}

/** What the wizard sends: only the fields that apply, so a hidden leftover never trips a rule. */
export function definitionOf(draft: WizardDraft, withDestination: boolean): ConnectorDefinition {
  const runtime = Object.fromEntries(RUNTIME_FIELDS.map((f) => [f, runtimeValue(draft, f)]));
  return {
    name: draft.name,
    description: draft.description || undefined,
    replicas: draft.replicas,
    source: compact({ ...draft.source, ...runtime }),
    destination: !withDestination ? undefined
      : draft.destinationType === 'MAXCOMPUTE' ? maxComputeDefinition(draft.maxCompute)
        : tablestoreDefinition(draft.tablestore),
  };
}

// ---- Errors from connectors:validate, placed next to their fields ----

export const STEP_PREFIXES: string[][] = [['name', 'description'], ['source', 'replicas'], ['destination']];

function belongsTo(field: string, prefixes: string[]): boolean {
  return prefixes.some((p) => field === p || field.startsWith(`${p}.`) || field.startsWith(`${p}[`));
}

/** The violations of one wizard step (0, 1, 2); on the first two steps "destination required" is not yet news. */
export function stepViolations(violations: FieldViolation[], step: number): FieldViolation[] {
  return violations.filter((v) => belongsTo(v.field ?? '', STEP_PREFIXES[step]));
}

/**
 * Field path → message. A path whose input is not on screen (e.g. {@code destination.timeseries} itself)
 * is attached to its nearest ancestor that has one, so nothing the server says goes unseen.
 */
export function errorsByField(violations: FieldViolation[], inputs: Set<string>): {
  byField: Record<string, string[]>;
  unplaced: FieldViolation[];
} {
  const byField: Record<string, string[]> = {};
  const unplaced: FieldViolation[] = [];
  for (const v of violations) {
    const target = nearestInput(v.field ?? '', inputs);
    if (target) (byField[target] ??= []).push(v.message);
    else unplaced.push(v);
  }
  return { byField, unplaced };
}

function nearestInput(path: string, inputs: Set<string>): string | null {
  let current = path;
  while (current) {
    if (inputs.has(current)) return current;
    const cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
    if (cut <= 0) return null;
    current = current.slice(0, cut);
  }
  return null;
}

/** The value at a violation's path ("destination.primaryKeyColumns[1].name") in a definition. */
export function valueAt(root: unknown, path: string): unknown {
  return path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), root);
}

/** Violations whose field still holds the value the server checked: an edited field's old error is gone. */
export function stillApplies(violations: FieldViolation[], checked: ConnectorDefinition, current: ConnectorDefinition): FieldViolation[] {
  return violations.filter((v) => JSON.stringify(valueAt(checked, v.field ?? '')) === JSON.stringify(valueAt(current, v.field ?? '')));
}
