import { useEffect, useState } from 'react';
import type { ConnectorAction } from '../api/hooks';
import type { ConnectorState } from '../api/model';
import { PENDING_ACTION_KEY, TARGET_STATE } from './actions';

export const ACTION_TIMEOUT_S = 180;

export interface Progress {
  action: ConnectorAction;
  target: ConnectorState;
  started: number;
  outcome?: 'done' | 'timeout';
}

/**
 * Follows an action until the connector reports the state it leads to, or gives up after {@link ACTION_TIMEOUT_S}.
 * Starts with the action the wizard's "Create and Deploy" handed over, if it was for this connector.
 */
export function useActionProgress(name: string, state: ConnectorState | undefined) {
  const [progress, setProgress] = useState<Progress | null>(() => {
    const pending = JSON.parse(sessionStorage.getItem(PENDING_ACTION_KEY) ?? 'null') as
      { name: string; action: ConnectorAction } | null;
    return pending?.name === name ? { action: pending.action, target: TARGET_STATE[pending.action], started: Date.now() } : null;
  });
  useEffect(() => {
    if (!progress || progress.outcome || !state) return;
    if (state === progress.target) {
      setProgress({ ...progress, outcome: 'done' });
      return;
    }
    const left = progress.started + ACTION_TIMEOUT_S * 1000 - Date.now();
    const timer = setTimeout(() => setProgress((p) => (p === progress ? { ...p, outcome: 'timeout' } : p)), Math.max(0, left));
    return () => clearTimeout(timer);
  }, [progress, state]);
  const start = (action: ConnectorAction) => setProgress({ action, target: TARGET_STATE[action], started: Date.now() });
  return { progress, busy: !!progress && !progress.outcome, start };
}
