import type { ConnectorAction } from '../api/hooks';
import type { ConnectorState, ConsumerLag } from '../api/model';

/** Handed from the wizard's "Create and Deploy" to the detail page it opens. */
export const PENDING_ACTION_KEY = 'connectors.pendingAction';
export const DEPLOY_ERROR_KEY = 'connectors.deployError';

/** The state each action leads to, and which actions a state allows. */
export const TARGET_STATE: Record<ConnectorAction, ConnectorState> = {
  deploy: 'RUNNING', pause: 'PAUSED', resume: 'RUNNING', stop: 'STOPPED', restart: 'RUNNING',
};

/** Actions that lose something (consumption stops, in-flight writes are retried) ask first; delete always does. */
export const CONFIRMED: ReadonlySet<ConnectorAction> = new Set(['stop', 'restart']);

/** A connector whose DELETE was accepted takes no more actions; it stays DELETING until it is gone. */
export const canDelete = (state: ConnectorState) => state !== 'DELETING';

/** Resetting offsets is possible only while stopped (issue 5) and loses the connector's position. */
export const canResetOffsets = (state: ConnectorState) => state === 'STOPPED';

export function allowedActions(state: ConnectorState): ConnectorAction[] {
  switch (state) {
    case 'NOT_DEPLOYED': return ['deploy'];
    case 'RUNNING': return ['pause', 'stop', 'restart'];
    case 'PAUSED': return ['resume', 'stop', 'restart'];
    case 'STOPPED': return ['resume', 'restart'];
    case 'FAILED': return ['restart', 'stop'];
    case 'DELETING': return [];
    default: return ['stop', 'restart'];
  }
}

/** Secrets are masked by the server already; anything that still looks like one is masked here too. */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) =>
      [k, /secret|password|token/i.test(k) && typeof v === 'string' ? '******' : maskSecrets(v)]));
  }
  return value;
}

/** The consumer group's lag per partition of the source topic. */
export function lagRows(lag: ConsumerLag[] | undefined): Array<{ partition: string; lag: number }> {
  return (lag ?? []).map((l) => ({ partition: String(l.partition), lag: l.lag }));
}
