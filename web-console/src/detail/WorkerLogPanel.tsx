import { useEffect, useRef } from 'react';
import { useWorkerLog } from '../api/hooks';
import type { TaskLogLines } from '../api/model';
import { useI18n } from '../i18n/i18n';

/** One task's lines, monospace and wrapped, scrolled to the newest (last) line. */
function TaskLog({ log }: { log: TaskLogLines }) {
  const { t, language } = useI18n();
  const lines = useRef<HTMLPreElement>(null);
  const text = log.lines.join('\n');
  useEffect(() => {
    if (lines.current) lines.current.scrollTop = lines.current.scrollHeight;
  }, [text]);
  return (
    <section className="task-log" data-task={log.task ?? 'connector'}>
      <h3>
        {log.task == null ? t('logs.connector') : t('logs.task', { task: log.task })}{' '}
        <span className="muted">{t('logs.source', {
          node: log.node, at: new Date(log.updatedAt).toLocaleString(language === 'zh' ? 'zh-CN' : 'en'),
        })}</span>
      </h3>
      <pre ref={lines} className="log-lines" tabIndex={0}>{text}</pre>
    </section>
  );
}

/** The last lines of each task's worker log, of this connector only (the agents filter and send them). */
export function WorkerLogPanel({ instanceId, name }: { instanceId: string; name: string }) {
  const { t } = useI18n();
  const log = useWorkerLog(instanceId, name);
  const tasks = log.data?.tasks ?? [];
  return (
    <div className="worker-log" data-testid="worker-log">
      <h2>{t('logs.title')}</h2>
      <p className="muted">{t('logs.hint')}</p>
      <div className="toolbar">
        <button type="button" data-action="refresh-logs" onClick={() => void log.refetch()} disabled={log.isFetching}>
          {t('preview.refresh')}
        </button>
      </div>
      {log.error && <div className="banner banner-error" role="alert">{log.error.message}</div>}
      {log.isPending && <p>{t('common.loading')}</p>}
      {log.data && tasks.length === 0 && <p className="muted" data-testid="worker-log-empty">{t('logs.empty')}</p>}
      {tasks.map((task) => <TaskLog key={`${task.task ?? 'connector'}@${task.node}`} log={task} />)}
    </div>
  );
}
