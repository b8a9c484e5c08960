import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithI18n, stubApi } from '../test-support';
import { lagRows, maskSecrets } from './actions';
import { ConnectorDetail } from './ConnectorDetail';

const instance = { id: 'kafka-local', name: 'local', bootstrapServers: 'localhost:9092' };
const connector = {
  instanceId: 'kafka-local', name: 'orders', status: 'RUNNING', source: { topic: 'orders-in' },
  destination: { type: 'MAXCOMPUTE', endpoint: 'http://mc/api', auth: { type: 'ACCESS_KEY', accessKeyId: 'id', accessKeySecret: '******' } },
};

afterEach(() => vi.unstubAllGlobals());

describe('connector detail', () => {
  it('asks before stopping, then shows progress until the runtime reports STOPPED', async () => {
    let state = 'RUNNING';
    let statusReads = 0;
    const calls = stubApi(({ method, url }) => {
      if (url.endsWith('/status')) {
        statusReads++;
        return { body: { name: 'orders', state, tasks: [{ id: 0, state, node: 'node-a', trace: state === 'FAILED' ? 'boom' : undefined }],
          lag: [{ partition: 0, committedOffset: 3, endOffset: 10, lag: 7 }], totalLag: 7, recordsPerSecond: 12.5,
          nodes: [{ id: 'agent-1', host: 'h1', live: true, state, worker: { pid: 4242, restarts: 1 } }],
          conditions: [{ type: 'Placed', status: 'False', reason: 'InsufficientCapacity', message: 'wants 2 nodes, 1 live' }] } };
      }
      if (method === 'POST' && url.endsWith('/stop')) {
        setTimeout(() => { state = 'STOPPED'; }, 50);
        return { status: 202, body: {} };
      }
      return { body: connector };
    });
    renderWithI18n(<ConnectorDetail instance={instance} name="orders" tab="overview" onTab={vi.fn()} onBack={vi.fn()} />);
    await screen.findByText('node-a');
    expect(document.querySelector('.table.narrow')!.textContent).toContain('7');
    expect(document.querySelector('[data-node="agent-1"]')!.textContent).toContain('4242');
    expect(document.querySelector('[data-condition="Placed"]')!.textContent).toBe('Placed: InsufficientCapacity wants 2 nodes, 1 live');
    expect(screen.getByText('12.5')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByText(/Stop connector orders\?/)).toBeTruthy();
    expect(calls.some((c) => c.url.endsWith('/stop'))).toBe(false);
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }));

    await screen.findByText('Stop: waiting for Stopped…');
    await waitFor(() => expect(screen.getByRole('status').getAttribute('data-progress')).toBe('done'), { timeout: 5000 });
    expect(screen.getByRole('status').textContent).toBe('Stop: now Stopped.');
    expect(statusReads).toBeGreaterThan(1);
    // Stopped: resume and reset offsets become possible, pause does not.
    expect(screen.getByRole('button', { name: 'Resume' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reset offsets' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Pause' })).toBeNull();
  });

  it('deletes only after confirmation, with the resources when asked to, saying which go and which stay', async () => {
    const onBack = vi.fn();
    const created = {
      ...connector, status: 'NOT_DEPLOYED',
      source: { topic: 'orders-in', offsetTopic: 'connect-offset-orders', configTopic: 'connect-config-orders',
        statusTopic: 'connect-status-orders', deadLetterTopic: 'runtime_error', errorTopic: 'runtime_error' },
      createdResources: [{ type: 'TOPIC', name: 'connect-offset-orders' }, { type: 'TOPIC', name: 'connect-config-orders' },
        { type: 'TOPIC', name: 'connect-status-orders' }, { type: 'GROUP', name: 'connect-orders' }],
    };
    const calls = stubApi(({ method, url }) => (method === 'DELETE' ? { status: 202, body: { ...created, status: 'DELETING' } }
      : url.endsWith('/status') ? { status: 404, body: { errors: [] } } : { body: created }));
    renderWithI18n(<ConnectorDetail instance={instance} name="orders" tab="overview" onTab={vi.fn()} onBack={onBack} />);
    await screen.findByText('Runtime status is not available yet.');
    expect(screen.getByRole('button', { name: 'Deploy' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.queryByTestId('delete-created')).toBeNull();
    fireEvent.click(screen.getByRole('checkbox'));
    expect(screen.getByTestId('delete-created').textContent).toBe('Deleted: topic connect-offset-orders, topic connect-config-orders, '
      + 'topic connect-status-orders, consumer group connect-orders.');
    expect(screen.getByTestId('delete-kept').textContent).toBe('Kept, as the service did not create them: topic runtime_error.');
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'OK' }));
    await waitFor(() => expect(onBack).toHaveBeenCalled());
    expect(calls.find((c) => c.method === 'DELETE')!.url).toBe('/api/v1/instances/kafka-local/connectors/orders?deleteResources=true');
  });

  it('says how old the status is and marks a node whose heartbeat is late', async () => {
    const now = Date.now();
    stubApi(({ url }) => (url.endsWith('/status') ? { body: { state: 'UNKNOWN', tasks: [{ id: 0, state: 'RUNNING', node: 'agent-2' }],
      observedAt: new Date(now - 4000).toISOString(),
      nodes: [{ id: 'agent-2', host: 'h2', live: true, state: 'RUNNING', late: true, heartbeatAgeSeconds: 12.3,
        reportedAt: new Date(now - 12300).toISOString() }],
      conditions: [{ type: 'StatusCurrent', status: 'False', reason: 'HeartbeatLate', message: 'agent-2: no heartbeat for 12.3 s' }] } }
      : { body: connector }));
    renderWithI18n(<ConnectorDetail instance={instance} name="orders" tab="overview" onTab={vi.fn()} onBack={vi.fn()} />);
    await screen.findByText('h2');
    const row = document.querySelector('[data-node="agent-2"]')!;
    expect(row.querySelector('[data-late="true"]')!.textContent).toBe('12.3 s ago late');
    expect(document.querySelector('.page-head [data-state]')!.getAttribute('data-state')).toBe('UNKNOWN');
    expect(screen.getByTestId('observed').textContent).toMatch(/^[45] s ago$/);
    expect(document.querySelector('[data-condition="StatusCurrent"]')!.textContent).toContain('HeartbeatLate');
  });

  it('never shows a secret in the configuration', async () => {
    stubApi(({ url }) => (url.endsWith('/status') ? { status: 404, body: { errors: [] } }
      : { body: { ...connector, destination: { ...connector.destination, auth: { type: 'ACCESS_KEY', accessKeyId: 'id', accessKeySecret: 'plain' } } } }));
    renderWithI18n(<ConnectorDetail instance={instance} name="orders" tab="config" onTab={vi.fn()} onBack={vi.fn()} />);
    const config = await screen.findByTestId('config');
    expect(config.textContent).not.toContain('plain');
    expect(config.textContent).toContain('"accessKeyId": "id"');
  });
});

describe('status helpers', () => {
  it('reads the consumer lag per partition', () => {
    expect(lagRows([{ partition: 1, committedOffset: 7, endOffset: 10, lag: 3 }])).toEqual([{ partition: '1', lag: 3 }]);
    expect(lagRows(undefined)).toEqual([]);
  });
  it('masks nested secret-looking values', () => {
    expect(maskSecrets({ a: { accessKeySecret: 'x', password: 'y', name: 'n' } })).toEqual({ a: { accessKeySecret: '******', password: '******', name: 'n' } });
  });
});

describe('after Create and Deploy', () => {
  it('follows the deploy the wizard started until the connector runs', async () => {
    sessionStorage.setItem('connectors.pendingAction', JSON.stringify({ name: 'orders', action: 'deploy' }));
    let reads = 0;
    stubApi(({ url }) => (url.endsWith('/status')
      ? { body: { name: 'orders', state: ++reads > 1 ? 'RUNNING' : 'DEPLOYING', tasks: [], lag: [], nodes: [], conditions: [] } }
      : { body: { ...connector, status: 'DEPLOYING' } }));
    renderWithI18n(<ConnectorDetail instance={instance} name="orders" tab="overview" onTab={vi.fn()} onBack={vi.fn()} />);
    await screen.findByText('Deploy: waiting for Running…');
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Deploy: now Running.'), { timeout: 5000 });
    expect(sessionStorage.getItem('connectors.pendingAction')).toBeNull();
  });
});

describe('failure cause', () => {
  it('leads with the innermost cause and folds the trace', async () => {
    const { failureCause } = await import('./failure');
    const trace = ['org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.',
      '\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:636)',
      'Caused by: org.apache.kafka.connect.errors.ConnectException: write failed',
      '\tat x.y.Z.put(Z.java:1)',
      'Caused by: com.aliyun.odps.OdpsException: Table not found - connector_test.orders',
      '\tat com.aliyun.odps.Tables.get(Tables.java:42)'].join('\n');
    expect(failureCause(trace)).toBe('OdpsException: Table not found - connector_test.orders');
    expect(failureCause('java.lang.IllegalStateException')).toBe('IllegalStateException');
    expect(failureCause('worker exited with code 1')).toBe('worker exited with code 1');
  });
});
