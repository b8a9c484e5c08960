import { useLayoutEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import {
  useCheckAuthorization, useConnectorAction, useCreateConnector, useCreateServiceLinkedRole, useUpdateConnector, useValidateConnector,
} from '../api/hooks';
import {
  CONTRACT, type AuthorizationCheck, type Connector, type ConnectorDefinition, type DestinationAuth, type FieldViolation,
  type KafkaInstance,
} from '../api/model';
import { useI18n } from '../i18n/i18n';
import { localized, serverMessage } from '../i18n/rules';
import type { MessageKey } from '../i18n/messages';
import { FieldErrorsContext, FieldFixesContext, LockedFieldsContext, Radios, SecretKeptContext } from '../ui/form';
import { DEPLOY_ERROR_KEY, PENDING_ACTION_KEY } from '../detail/actions';
import { DESTINATION_TYPES, destinationUi, type DestinationOf, type DestinationType, type DestinationUi } from '../destinations';
import { BasicStep } from './BasicStep';
import {
  definitionOf, draftOf, emptyDraft, errorsByField, nameProblem, RUNTIME_FIELDS, stepViolations, stillApplies, type WizardDraft,
} from './rules';
import { SourceStep } from './SourceStep';
import { AuthorizationPanel } from './authorization/AuthorizationPanel';

const STEPS: MessageKey[] = ['wizard.step1', 'wizard.step2', 'wizard.step3'];
const RUNTIME_PATHS = ['replicas', 'isolation', 'source.failurePolicy', 'source.resourceCreation', ...RUNTIME_FIELDS.map((f) => `source.${f}`)];

interface Props {
  instance: KafkaInstance;
  onDone: (name: string) => void;
  onCancel: () => void;
  initial?: WizardDraft;
  /** Opens on a stored connector: its edit (saved with PUT and its ETag) or a clone (created as a new connector). */
  from?: { kind: 'edit' | 'clone'; connector: Connector; etag?: string };
}

/** Statuses in which a worker runs the connector, so the fields the API fixes while deployed cannot change. */
const RUNNING_STATUSES = ['DEPLOYING', 'UNASSIGNED', 'RUNNING', 'PAUSED', 'RESTARTING', 'UNKNOWN'];

/** What an edit's own check is not about: its own name and the topics it already owns (the PUT checks for real). */
const aboutItself = (v: FieldViolation) => v.rule === 'name.unique' || v.rule.endsWith('.owned');

interface Placement {
  byField: Record<string, string[]>;
  fixes: Record<string, string[]>;
  unplaced: FieldViolation[];
}

export function Wizard({ instance, onDone, onCancel, initial, from }: Props) {
  const { t, language } = useI18n();
  const [step, setStep] = useState(0);
  const [draft, setDraft] = useState<WizardDraft>(() => initial ?? (from ? draftOf(from.connector, from.kind) : emptyDraft()));
  const [violations, setViolations] = useState<FieldViolation[]>([]);
  /** The definition the violations were found in, so an error goes away once its field is edited. */
  const [checked, setChecked] = useState<ConnectorDefinition>({});
  const [warnings, setWarnings] = useState<FieldViolation[]>([]);
  const [placement, setPlacement] = useState<Placement>({ byField: {}, fixes: {}, unplaced: [] });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [runtimeOpen, setRuntimeOpen] = useState(false);
  const [nameChecked, setNameChecked] = useState(false);
  const body = useRef<HTMLDivElement>(null);
  const validation = useValidateConnector(instance.id);
  const creation = useCreateConnector(instance.id);
  const deployment = useConnectorAction(instance.id);
  const saving = useUpdateConnector(instance.id);
  const editing = from?.kind === 'edit';
  const running = editing && RUNNING_STATUSES.includes(from.connector.status);
  const [locked] = useState<ReadonlySet<string>>(() => new Set(editing
    ? ['name', ...(running ? CONTRACT.fixedWhileDeployed : [])] : []));
  const [stale, setStale] = useState(false);
  const [authorization, setAuthorization] = useState<AuthorizationCheck | null>(null);
  const authorizationCheck = useCheckAuthorization(instance.id);
  const serviceLinkedRole = useCreateServiceLinkedRole(instance.id);
  const destinationAuth = (draft.destinations[draft.destinationType] as { auth?: DestinationAuth }).auth;
  const ramRole = destinationAuth?.type === 'RAM_ROLE';

  const update = (change: Partial<WizardDraft>) => setDraft((d) => ({ ...d, ...change }));

  // Place each violation next to the input it names, once the inputs it names are on screen.
  useLayoutEffect(() => {
    const inputs = new Set(Array.from(body.current?.querySelectorAll('[data-field]') ?? [])
      .map((el) => el.getAttribute('data-field')!));
    const next = errorsByField(localized(language, stillApplies(violations, checked, definitionOf(draft, true))), inputs);
    if (JSON.stringify(next) !== JSON.stringify(placement)) setPlacement(next);
  });

  const show = (found: FieldViolation[], foundWarnings: FieldViolation[]) => {
    setViolations(found);
    setWarnings(foundWarnings);
    if (found.some((v) => RUNTIME_PATHS.some((p) => v.field?.startsWith(p)))) setRuntimeOpen(true);
  };

  const check = async (upTo: number): Promise<boolean> => {
    if (upTo === 0 && nameProblem(draft.name)) {
      // BasicStep shows the rule the name breaks; the server is not asked about a name that cannot pass.
      setNameChecked(true);
      show([], []);
      return false;
    }
    setBusy(true);
    setFailure(null);
    try {
      const definition = definitionOf(draft, upTo === 2);
      setChecked(definitionOf(draft, true));
      const answer = await validation.mutateAsync(definition);
      const found = stepViolations(answer.errors, upTo).filter((v) => !editing || !aboutItself(v));
      show(found, stepViolations(answer.warnings ?? [], upTo));
      return found.length === 0;
    } catch (e) {
      return report(e, upTo);
    } finally {
      setBusy(false);
    }
  };

  /** A 400 with field errors is shown like a validation answer; anything else as a banner. */
  const report = (e: unknown, currentStep: number): false => {
    if (e instanceof ApiError && e.errors.length && e.status === 400) {
      setChecked(definitionOf(draft, true));
      const firstStep = [0, 1, 2].find((s) => stepViolations(e.errors, s).length > 0) ?? currentStep;
      setStep(firstStep);
      show(stepViolations(e.errors, firstStep), []);
      const elsewhere = e.errors.filter((v) => ![0, 1, 2].some((s) => stepViolations([v], s).length));
      if (elsewhere.length) setFailure(elsewhere.map((v) => serverMessage(language, v)).join('; '));
    } else {
      setFailure(e instanceof Error ? e.message : String(e));
    }
    return false;
  };

  /** The destination's authorization (RAM role, grants, service-linked role); its problems shown at their fields. */
  const checkAuthorization = async (): Promise<boolean> => {
    setBusy(true);
    setFailure(null);
    try {
      const definition = definitionOf(draft, true);
      const answer = await authorizationCheck.mutateAsync(definition);
      setAuthorization(answer);
      setChecked(definition);
      show(answer.problems, []);
      return answer.ok;
    } catch (e) {
      return report(e, 2);
    } finally {
      setBusy(false);
    }
  };

  /** At the user's request; then the check again, so what is still missing shows and what was done is said. */
  const createServiceLinkedRole = async () => {
    setBusy(true);
    let created: AuthorizationCheck;
    try {
      created = await serviceLinkedRole.mutateAsync();
    } catch (e) {
      report(e, 2);
      return;
    } finally {
      setBusy(false);
    }
    if (!created.ok) {
      setAuthorization(created);
      show(created.problems, []);
      return;
    }
    await checkAuthorization();
    setAuthorization((answer) => answer && { ...answer, actionsTaken: [...created.actionsTaken, ...answer.actionsTaken] });
  };

  const next = async () => {
    if (await check(step)) {
      setViolations([]);
      setStep(step + 1);
    }
  };

  const finish = async (deploy: boolean) => {
    if (!(await check(2))) return;
    // A RAM role that does not exist, does not trust the service or lacks its grants is flagged before anything is saved.
    if (ramRole && !(await checkAuthorization())) return;
    setBusy(true);
    if (editing) {
      try {
        await saving.mutateAsync({ name: from.connector.name, definition: definitionOf(draft, true), etag: from.etag });
        onDone(from.connector.name);
      } catch (e) {
        if (e instanceof ApiError && e.status === 412) setStale(true);
        else report(e, 2);
      } finally {
        setBusy(false);
      }
      return;
    }
    try {
      const created = await creation.mutateAsync(definitionOf(draft, true));
      if (deploy) {
        // The detail page follows the deploy to RUNNING, or shows why it failed (and offers Deploy again).
        await deployment.mutateAsync({ name: created.name, action: 'deploy' }).then(
          () => sessionStorage.setItem(PENDING_ACTION_KEY, JSON.stringify({ name: created.name, action: 'deploy' })),
          (e: unknown) => sessionStorage.setItem(DEPLOY_ERROR_KEY, e instanceof Error ? e.message : String(e)));
      }
      onDone(created.name);
    } catch (e) {
      report(e, 2);
    } finally {
      setBusy(false);
    }
  };


  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <h1 id="wizard-title">{from ? t(editing ? 'wizard.editTitle' : 'wizard.cloneTitle', { name: from.connector.name })
        : t('wizard.title')}</h1>
      {running && <div className="banner banner-info">{t('wizard.liveChanges')}</div>}
      <ol className="steps">
        {STEPS.map((key, i) => (
          <li key={key} className={i === step ? 'step step-current' : i < step ? 'step step-done' : 'step'}
            aria-current={i === step ? 'step' : undefined}>
            <span className="step-number">{i + 1}</span> <span className="step-label">{t(key)}</span>
          </li>
        ))}
      </ol>
      <FieldErrorsContext.Provider value={placement.byField}>
       <FieldFixesContext.Provider value={placement.fixes}>
       <LockedFieldsContext.Provider value={locked}>
       <SecretKeptContext.Provider value={editing}>
        <form className="form" onSubmit={(e) => { e.preventDefault(); void (step < 2 ? next() : finish(false)); }}>
          <div ref={body} data-step={step}>
            {step === 0 && <BasicStep draft={draft} instance={instance} update={update} showEmpty={nameChecked} />}
            {step === 1 && <SourceStep draft={draft} instanceId={instance.id} update={update}
              runtimeOpen={runtimeOpen} setRuntimeOpen={setRuntimeOpen} />}
            {step === 2 && (
              <>
                <div className="field" data-field="destination">
                  <label htmlFor="f-destination_type">{t('field.destinationType')}</label>
                  <div className="field-control">
                    <Radios path="destination.type" value={draft.destinationType} options={DESTINATION_TYPES}
                      onChange={(destinationType) => { update({ destinationType }); setViolations([]); }} />
                    {(placement.byField.destination ?? []).map((m) => <div key={m} className="field-error" role="alert">{m}</div>)}
                  </div>
                </div>
                <DestinationFields type={draft.destinationType} value={draft.destinations[draft.destinationType]}
                  onChange={(destination) => update({ destinations: { ...draft.destinations, [draft.destinationType]: destination } })}
                  violations={violations} />
                {(ramRole || draft.destinationType === 'TABLESTORE') && (
                  <AuthorizationPanel auth={destinationAuth}
                    answer={authorization} busy={busy} onCheck={() => void checkAuthorization()}
                    onCreateServiceLinkedRole={() => void createServiceLinkedRole()} />
                )}
              </>
            )}
          </div>
          {placement.unplaced.length > 0 && (
            <div className="banner banner-error" role="alert">
              {t('wizard.otherErrors')}
              <ul>{placement.unplaced.map((v) => <li key={v.field + v.rule}><code>{v.field}</code>: {v.message}</li>)}</ul>
            </div>
          )}
          {warnings.length > 0 && (
            <div className="banner banner-warning">
              <ul>{warnings.map((v) => <li key={v.field + v.rule}>{t('wizard.warning')}: {serverMessage(language, v)}</li>)}</ul>
            </div>
          )}
          {failure && <div className="banner banner-error" role="alert">{failure}</div>}
          {stale && (
            <div className="banner banner-error" role="alert" data-stale>
              {t('wizard.changedSinceRead')}{' '}
              <button type="button" onClick={() => window.location.reload()}>{t('wizard.reload')}</button>
            </div>
          )}
          <div className="actions">
            <button type="button" onClick={onCancel} disabled={busy}>{t('wizard.cancel')}</button>
            {step > 0 && <button type="button" onClick={() => { setViolations([]); setStep(step - 1); }} disabled={busy}>
              {t('wizard.previous')}</button>}
            {step < 2 && <button type="submit" className="primary" disabled={busy}>{busy ? t('wizard.checking') : t('wizard.next')}</button>}
            {step === 2 && <button type="submit" className="primary" disabled={busy}>{t(editing ? 'wizard.save' : 'wizard.create')}</button>}
            {step === 2 && !editing && <button type="button" className="primary" disabled={busy} onClick={() => void finish(true)}>
              {t('wizard.createDeploy')}</button>}
          </div>
        </form>
       </SecretKeptContext.Provider>
       </LockedFieldsContext.Provider>
       </FieldFixesContext.Provider>
      </FieldErrorsContext.Provider>
    </section>
  );
}

/** The chosen destination's own fields (its folder under src/destinations). */
function DestinationFields({ type, value, onChange, violations }: {
  type: DestinationType; value: DestinationOf<DestinationType>; onChange: (value: DestinationOf<DestinationType>) => void;
  violations: FieldViolation[];
}) {
  const { Fields } = destinationUi(type) as DestinationUi<DestinationType>;
  return <Fields value={value} onChange={onChange} violations={violations} />;
}
