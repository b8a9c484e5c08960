import { createContext, useContext, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** Messages per field path, as placed by {@link errorsByField}. */
export const FieldErrorsContext = createContext<Record<string, string[]>>({});

export const inputId = (path: string) => `f-${path.replace(/[^A-Za-z0-9_-]/g, '_')}`;

interface FieldProps {
  path: string;
  label: MessageKey;
  help?: ReactNode;
  children: ReactNode;
  /** Messages computed on the client (e.g. the name rule as the user types), shown with the server's. */
  clientError?: string | null;
}

/** A labelled input with its help and the errors the server reported for its JSON path. */
export function Field({ path, label, help, children, clientError }: FieldProps) {
  const { t } = useI18n();
  const serverErrors = useContext(FieldErrorsContext)[path] ?? [];
  const errors = clientError ? [clientError, ...serverErrors.filter((e) => e !== clientError)] : serverErrors;
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`} data-field={path}>
      <label htmlFor={inputId(path)}>{t(label)}</label>
      <div className="field-control">
        {children}
        {help && <div className="field-help">{help}</div>}
        {errors.map((message) => (
          <div key={message} className="field-error" role="alert">{message}</div>
        ))}
      </div>
    </div>
  );
}

interface TextProps {
  path: string;
  value: string | number | undefined;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'number';
  placeholder?: string;
  list?: string;
  disabled?: boolean;
}

export function TextInput({ path, value, onChange, type = 'text', placeholder, list, disabled }: TextProps) {
  return (
    <input id={inputId(path)} name={path} type={type} value={value ?? ''} placeholder={placeholder} list={list}
      disabled={disabled} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
  );
}

interface ChoiceProps<T extends string | number> {
  path: string;
  value: T | undefined;
  options: readonly T[];
  onChange: (value: T) => void;
  /** Label of an option; defaults to the message {@code option.<value>}. */
  label?: (option: T) => string;
}

export function Select<T extends string | number>({ path, value, options, onChange, label }: ChoiceProps<T>) {
  const { t } = useI18n();
  const text = label ?? ((o: T) => t(`option.${o}` as MessageKey));
  return (
    <select id={inputId(path)} name={path} value={String(value ?? '')}
      onChange={(e) => onChange(options.find((o) => String(o) === e.target.value) as T)}>
      {options.map((o) => <option key={String(o)} value={String(o)}>{text(o)}</option>)}
    </select>
  );
}

/** Radio buttons styled as a segmented control, as the product's wizard shows its short enums. */
export function Radios<T extends string>({ path, value, options, onChange, label }: ChoiceProps<T>) {
  const { t } = useI18n();
  const text = label ?? ((o: T) => t(`option.${o}` as MessageKey));
  return (
    <div className="radios" role="radiogroup" id={inputId(path)}>
      {options.map((o) => (
        <label key={o} className={o === value ? 'radio radio-on' : 'radio'}>
          <input type="radio" name={path} value={o} checked={o === value} onChange={() => onChange(o)} />
          {text(o)}
        </label>
      ))}
    </div>
  );
}

export function YesNo({ path, value, onChange }: { path: string; value: boolean | undefined; onChange: (v: boolean) => void }) {
  const { t } = useI18n();
  return (
    <Radios<'yes' | 'no'> path={path} value={value ? 'yes' : 'no'} options={['yes', 'no']}
      onChange={(v) => onChange(v === 'yes')} label={(o) => t(`option.${o}`)} />
  );
}

export function numberOrUndefined(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** Errors for a group of inputs with no label of its own (an editor row, a subsection). */
export function GroupErrors({ path }: { path: string }) {
  const errors = useContext(FieldErrorsContext)[path] ?? [];
  return <>{errors.map((message) => <div key={message} className="field-error" role="alert">{message}</div>)}</>;
}
