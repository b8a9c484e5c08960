import type { ReactNode } from 'react';
import { useSyncText, type SyncMessageKey } from './messages';

export const fieldId = (path: string) => `s-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** A labelled control with the errors the server reported for its JSON path (e.g. {@code mapping[1].column}). */
export function SyncField({ path, label, errors, children }: {
  path: string; label: SyncMessageKey; errors: Record<string, string[]>; children: ReactNode;
}) {
  const t = useSyncText();
  const messages = errors[path] ?? [];
  return (
    <div className={`field${messages.length ? ' field-invalid' : ''}`} data-field={path}>
      <label htmlFor={fieldId(path)}>{t(label)}</label>
      <div className="field-control">
        {children}
        {messages.map((m) => <div key={m} className="field-error" role="alert">{m}</div>)}
      </div>
    </div>
  );
}

/** Server errors keyed by field path; several per field possible. */
export function byField(errors: { field?: string; message: string }[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const e of errors) {
    const key = e.field ?? '';
    (result[key] ??= []).push(e.message);
  }
  return result;
}
