import type { AuthorizationCheck, DestinationAuth } from '../../api/model';
import { FixToCopy } from '../../ui/form';
import { useAuthorizationText } from './messages';

/** The service-linked role the check reports missing, which the user may have the service create. */
export const SERVICE_LINKED_ROLE_MISSING = 'destination.serviceLinkedRole.missing';

interface Props {
  auth: DestinationAuth | undefined;
  /** The last answer of connectors:check-authorization, if any. */
  answer: AuthorizationCheck | null;
  busy: boolean;
  onCheck: () => void;
  onCreateServiceLinkedRole: () => void;
}

/**
 * The destination step's authorization help for a RAM role (and Tablestore's service-linked role): the check, the trust
 * policy and the grant statements to copy, and the service-linked role to create. The problems themselves are shown at
 * the fields they name, like the server's validation errors.
 */
export function AuthorizationPanel({ auth, answer, busy, onCheck, onCreateServiceLinkedRole }: Props) {
  const text = useAuthorizationText();
  const role = auth?.type === 'RAM_ROLE' ? auth.roleName || '…' : null;
  const missingServiceLinkedRole = answer?.problems.some((p) => p.rule === SERVICE_LINKED_ROLE_MISSING);
  return (
    <section className="authorization" data-testid="authorization" aria-labelledby="authorization-title">
      <h2 id="authorization-title">{text('title')}</h2>
      <p className="field-help">{role ? text('roleHelp', { role }) : text('tablestoreHelp')}</p>
      <div className="actions-inline">
        <button type="button" data-action="check-authorization" disabled={busy} onClick={onCheck}>
          {busy ? text('checking') : text('check')}</button>
        {missingServiceLinkedRole && (
          <button type="button" className="primary" data-action="create-service-linked-role" disabled={busy}
            onClick={onCreateServiceLinkedRole}>{text('createServiceLinkedRole')}</button>
        )}
      </div>
      {answer && (
        <div data-testid="authorization-result" data-ok={answer.ok}>
          <div className={`banner ${answer.ok ? 'banner-info' : 'banner-warning'}`}>{text(answer.ok ? 'ok' : 'notOk')}</div>
          {answer.actionsTaken.map((action) => <p key={action}>{text('done', { action })}</p>)}
          {answer.trustPolicy && (
            <div data-testid="trust-policy">
              <div className="field-help">{text('trustPolicy')}</div>
              <FixToCopy text={answer.trustPolicy} />
            </div>
          )}
          {answer.grantStatements.length > 0 && (
            <div data-testid="grant-statements">
              <div className="field-help">{text('grants')}</div>
              <FixToCopy text={answer.grantStatements.join('\n')} />
            </div>
          )}
        </div>
      )}
    </section>
  );
}
