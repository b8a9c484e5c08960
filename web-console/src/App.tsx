import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, storedToken, storeToken } from './api/client';
import { useInstances } from './api/hooks';
import { SignIn } from './auth/SignIn';
import { ConnectorList } from './connectors/ConnectorList';
import { ConnectorDetail, type DetailTab } from './detail/ConnectorDetail';
import { useI18n } from './i18n/i18n';
import { Wizard } from './wizard/Wizard';
import { EditWizard } from './wizard/EditWizard';
import { SyncJobDetail } from './syncjobs/SyncJobDetail';
import { SyncJobList } from './syncjobs/SyncJobList';
import { SyncJobWizard } from './syncjobs/SyncJobWizard';
import { useSyncText } from './syncjobs/messages';

const INSTANCE_KEY = 'connectors.instance';

type Route = { page: 'list' } | { page: 'create' } | { page: 'detail'; name: string; tab: DetailTab }
  | { page: 'edit'; name: string; kind: 'edit' | 'clone' }
  | { page: 'sync-jobs' } | { page: 'sync-job-create' } | { page: 'sync-job'; name: string };

/** Hash routes (#/connectors, #/connectors/new, #/connectors/<name>/<tab>) work from any path the server forwards. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'sync-jobs') {
    if (parts[1] === 'new') return { page: 'sync-job-create' };
    return parts[1] ? { page: 'sync-job', name: parts[1] } : { page: 'sync-jobs' };
  }
  if (parts[0] === 'connectors' && parts[1] === 'new') return { page: 'create' };
  if (parts[0] === 'connectors' && parts[1] && (parts[2] === 'edit' || parts[2] === 'clone')) {
    return { page: 'edit', name: parts[1], kind: parts[2] };
  }
  if (parts[0] === 'connectors' && parts[1]) {
    const tab = (['overview', 'test', 'preview', 'failed', 'logs', 'config', 'audit'] as const).find((t) => t === parts[2]) ?? 'overview';
    return { page: 'detail', name: parts[1], tab };
  }
  return { page: 'list' };
}

function go(path: string) {
  window.location.hash = path;
}

export function App() {
  const { t, language, setLanguage } = useI18n();
  const queries = useQueryClient();
  const syncText = useSyncText();
  const [signedIn, setSignedIn] = useState(() => !!storedToken());
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash));
  const [chosenInstance, setInstanceId] = useState<string>(() => sessionStorage.getItem(INSTANCE_KEY) ?? '');
  const instancesQuery = useInstances(signedIn);
  const instances = signedIn ? instancesQuery.data : undefined;

  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const signOut = useCallback(() => {
    storeToken(null);
    setSignedIn(false);
    queries.clear();
  }, [queries]);

  const failure = instancesQuery.error;
  useEffect(() => {
    if (failure instanceof ApiError && failure.status === 401) signOut();
  }, [failure, signOut]);
  const error = failure && !(failure instanceof ApiError && failure.status === 401) ? failure.message : null;

  // The chosen instance while it exists, else the first one.
  const instanceId = instances?.some((i) => i.id === chosenInstance) ? chosenInstance : instances?.[0]?.id ?? '';
  useEffect(() => {
    if (instanceId) sessionStorage.setItem(INSTANCE_KEY, instanceId);
  }, [instanceId]);

  const instance = instances?.find((i) => i.id === instanceId);

  return (
    <div className="app">
      <header className="top">
        <a className="brand" href="#/connectors">{t('app.title')}</a>
        {signedIn && (
          <nav className="top-nav">
            <a href="#/connectors">{syncText('nav.connectors')}</a>
            <a href="#/sync-jobs">{syncText('nav.syncJobs')}</a>
          </nav>
        )}
        <div className="top-controls">
          {signedIn && instances && instances.length > 0 && (
            <label className="instance-select">
              <span>{t('instance.label')}</span>
              <select aria-label={t('instance.label')} value={instanceId} onChange={(e) => { setInstanceId(e.target.value); go('/connectors'); }}>
                {instances.map((i) => <option key={i.id} value={i.id}>{i.name} ({i.id})</option>)}
              </select>
            </label>
          )}
          <button type="button" className="small" data-testid="language" onClick={() => setLanguage(language === 'en' ? 'zh' : 'en')}>
            {t('app.language')}
          </button>
          {signedIn && <button type="button" className="small" onClick={signOut}>{t('app.signOut')}</button>}
        </div>
      </header>
      <main className="content">
        {!signedIn && <SignIn onSignedIn={() => setSignedIn(true)} />}
        {signedIn && error && <div className="banner banner-error" role="alert">{error}</div>}
        {signedIn && instances && instances.length === 0 && <p className="banner banner-info">{t('instance.none')}</p>}
        {signedIn && instance && route.page === 'list' && (
          <ConnectorList key={instance.id} instanceId={instance.id} onCreate={() => go('/connectors/new')}
            onOpen={(name, tab) => go(`/connectors/${encodeURIComponent(name)}${tab ? `/${tab}` : ''}`)} />
        )}
        {signedIn && instance && route.page === 'create' && (
          <Wizard key={instance.id} instance={instance} onCancel={() => go('/connectors')}
            onDone={(name) => go(`/connectors/${encodeURIComponent(name)}`)} />
        )}
        {signedIn && instance && route.page === 'edit' && (
          <EditWizard key={`${instance.id}/${route.name}/${route.kind}`} instance={instance} name={route.name} kind={route.kind}
            onCancel={() => go(`/connectors/${encodeURIComponent(route.name)}`)}
            onDone={(name) => go(`/connectors/${encodeURIComponent(name)}`)} />
        )}
        {signedIn && instance && route.page === 'detail' && (
          <ConnectorDetail key={`${instance.id}/${route.name}`} instance={instance} name={route.name} tab={route.tab}
            onTab={(tab) => go(`/connectors/${encodeURIComponent(route.name)}/${tab}`)} onBack={() => go('/connectors')} />
        )}
        {signedIn && instance && route.page === 'sync-jobs' && (
          <SyncJobList key={instance.id} instanceId={instance.id} onCreate={() => go('/sync-jobs/new')}
            onOpen={(name) => go(`/sync-jobs/${encodeURIComponent(name)}`)} />
        )}
        {signedIn && instance && route.page === 'sync-job-create' && (
          <SyncJobWizard key={instance.id} instanceId={instance.id} onCancel={() => go('/sync-jobs')}
            onDone={(name) => go(`/sync-jobs/${encodeURIComponent(name)}`)} />
        )}
        {signedIn && instance && route.page === 'sync-job' && (
          <SyncJobDetail key={`${instance.id}/${route.name}`} instanceId={instance.id} name={route.name}
            onBack={() => go('/sync-jobs')} />
        )}
      </main>
    </div>
  );
}
