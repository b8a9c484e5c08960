import { CONTRACT, type Connector, type ConnectorDefinition, type FieldViolation, type SourceSettings } from '../api/model';
import {
  DESTINATION_TYPES, destinationDefinition, emptyDestinations, type DestinationDrafts, type DestinationType,
} from '../destinations';
import { compact } from '../destinations/definition';

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

// ---- The wizard's draft and the definition sent to the server ----

export const MAX_REPLICAS = CONTRACT.maxReplicas;

export interface WizardDraft {
  name: string;
  description: string;
  replicas?: number;
  source: SourceSettings;
  /** Runtime-environment values the user typed; the rest follow the name. */
  runtimeOverrides: Partial<Record<RuntimeTopicField, string>>;
  destinationType: DestinationType;
  /** One per destination type, so switching back and forth keeps what was typed. */
  destinations: DestinationDrafts;
}

export function emptyDraft(): WizardDraft {
  return {
    name: '',
    description: '',
    replicas: 1,
    source: { topic: '', concurrency: CONTRACT.defaultConcurrency, offsetReset: 'EARLIEST', failurePolicy: 'CONTINUE',
      resourceCreation: 'AUTO' },
    runtimeOverrides: {},
    destinationType: DESTINATION_TYPES[0],
    destinations: emptyDestinations(),
  };
}

/**
 * The wizard's draft of a stored connector: for an edit its values (the stored secret left empty, kept unless
 * retyped); for a clone a new name whose internal topics follow it, and the secret to type again.
 */
export function draftOf(connector: Connector, kind: 'edit' | 'clone'): WizardDraft {
  const empty = emptyDraft();
  const { topic, concurrency, offsetReset, failurePolicy, resourceCreation } = connector.source ?? {};
  const source = { ...empty.source, ...compact({ topic, concurrency, offsetReset, failurePolicy, resourceCreation }) };
  const runtimeOverrides = kind === 'edit'
    ? Object.fromEntries(RUNTIME_FIELDS.map((f) => [f, connector.source?.[f]]).filter(([, v]) => v)) : {};
  const destination = connector.destination;
  const destinations = { ...empty.destinations };
  if (destination) {
    const auth = destination.auth?.type === 'ACCESS_KEY' ? { ...destination.auth, accessKeySecret: '' } : destination.auth;
    (destinations as Record<string, unknown>)[destination.type] = { ...destination, auth };
  }
  return {
    name: kind === 'edit' ? connector.name : `${connector.name}-copy`.slice(0, NAME_MAX),
    description: connector.description ?? '',
    replicas: connector.replicas ?? empty.replicas,
    source,
    runtimeOverrides,
    destinationType: destination?.type ?? empty.destinationType,
    destinations,
  };
}

export function runtimeValue(draft: WizardDraft, field: RuntimeTopicField): string {
  return draft.runtimeOverrides[field] ?? runtimeDefaults(draft.name)[field];
}

/** What the wizard sends: only the fields that apply, so a hidden leftover never trips a rule. */
export function definitionOf(draft: WizardDraft, withDestination: boolean): ConnectorDefinition {
  const runtime = Object.fromEntries(RUNTIME_FIELDS.map((f) => [f, runtimeValue(draft, f)]));
  return {
    name: draft.name,
    description: draft.description || undefined,
    replicas: draft.replicas,
    source: compact({ ...draft.source, ...runtime }),
    destination: withDestination ? destinationDefinition(draft.destinationType, draft.destinations) : undefined,
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
  fixes: Record<string, string[]>;
  unplaced: FieldViolation[];
} {
  const byField: Record<string, string[]> = {};
  const fixes: Record<string, string[]> = {};
  const unplaced: FieldViolation[] = [];
  for (const v of violations) {
    const target = nearestInput(v.field ?? '', inputs);
    if (target) {
      (byField[target] ??= []).push(v.message);
      if (v.fix) (fixes[target] ??= []).push(v.fix);
    } else unplaced.push(v);
  }
  return { byField, fixes, unplaced };
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
