import { createContext, useContext, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

/** Messages per field path, as placed by {@link errorsByField}. */
export const FieldErrorsContext = createContext<Record<string, string[]>>({});

/** Field paths that cannot change now (a running connector's fixed fields, an edited connector's name). */
export const LockedFieldsContext = createContext<ReadonlySet<string>>(new Set());

/** Editing a stored connector: an empty secret field keeps the stored secret (it is left out of the PUT). */
export const SecretKeptContext = createContext(false);

/** Text that repairs a field's error (e.g. the DDL of a missing table) per field path, shown with a Copy button. */
export const FieldFixesContext = createContext<Record<string, string[]>>({});

/** A fix the server suggested, to copy and run elsewhere (e.g. in MaxCompute). */
export function FixToCopy({ text }: { text: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false));
  };
  return (
    <div className="field-fix">
      <pre data-testid="fix">{text}</pre>
      <button type="button" onClick={copy}>{copied ? t('wizard.copied') : t('wizard.copy')}</button>
    </div>
  );
}

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
  const fixes = useContext(FieldFixesContext)[path] ?? [];
  const locked = useContext(LockedFieldsContext).has(path);
  const errors = clientError ? [clientError, ...serverErrors.filter((e) => e !== clientError)] : serverErrors;
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`} data-field={path} data-locked={locked || undefined}>
      <label htmlFor={inputId(path)}>{t(label)}</label>
      <div className="field-control">
        {locked ? <fieldset disabled className="locked">{children}</fieldset> : children}
        {locked && path !== 'name' && <div className="field-help">{t('wizard.fixedWhileRunning')}</div>}
        {help && <div className="field-help">{help}</div>}
        {errors.map((message) => (
          <div key={message} className="field-error" role="alert">{message}</div>
        ))}
        {fixes.map((fix) => <FixToCopy key={fix} text={fix} />)}
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
