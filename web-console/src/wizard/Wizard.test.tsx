import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithI18n, stubApi as stubAll, type Call } from '../test-support';
import { Wizard } from './Wizard';

const instance = { id: 'kafka-local', name: 'local', bootstrapServers: 'localhost:9092' };

/** No connector exists yet (the name check as you type asks for it), no topic is listed, the rest as the test says. */
function stubApi(handler: (call: Call) => { status?: number; body?: unknown }): Call[] {
  return stubAll((call) => (call.method === 'GET' && /\/connectors\/[^/]+$/.test(call.url)
    ? { status: 404, body: { errors: [] } } : call.method === 'GET' && call.url.endsWith('/topics') ? { body: [] }
      : handler(call)));
}

function field(path: string): HTMLElement {
  const element = document.querySelector(`[data-field="${path}"]`);
  if (!element) throw new Error(`no field ${path}`);
  return element as HTMLElement;
}

function type(path: string, value: string) {
  fireEvent.change(document.querySelector(`[name="${path}"]`)!, { target: { value } });
}

function choose(path: string, value: string) {
  fireEvent.click(document.querySelector(`input[name="${path}"][value="${value}"]`)!);
}

async function reachDestinationStep(calls: Call[]) {
  type('name', 'orders-sink');
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByText('Data Source Topic');
  type('source.topic', 'orders');
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByText('Destination Service');
  expect(calls.filter((c) => c.url.endsWith('connectors:validate'))).toHaveLength(2);
}

afterEach(() => vi.unstubAllGlobals());

describe('create wizard', () => {
  it('checks the name as it is typed, before asking the server', async () => {
    const calls = stubApi(() => ({ body: { valid: true, errors: [], warnings: [] } }));
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()} />);
    type('name', '-Orders');
    expect(within(field('name')).getByRole('alert').textContent).toMatch(/lowercase letters/);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(screen.getByText('Configure Basic Information').closest('li')!.getAttribute('aria-current')).toBe('step'));
    expect(calls).toHaveLength(0);
  });

  it('tells as the name is typed that a connector of that name exists', async () => {
    stubAll(({ url }) => (url.endsWith('/connectors/orders') ? { body: { name: 'orders', status: 'RUNNING' } }
      : { status: 404, body: { errors: [] } }));
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()} />);
    type('name', 'orders');
    expect((await within(field('name')).findByRole('alert')).textContent).toBe('A connector with this name already exists on this instance.');
    type('name', 'orders-2');
    await waitFor(() => expect(within(field('name')).queryByRole('alert')).toBeNull());
  });

  it('pre-fills the runtime environment from the name and shows server errors next to the named topic', async () => {
    stubApi((call) => {
      if (call.url.endsWith('/topics')) return { body: [{ name: 'orders', partitions: 2 }] };
      const source = (call.body as { source?: { resourceCreation?: string } }).source;
      return source?.resourceCreation === 'MANUAL'
        ? { body: { valid: false, warnings: [], errors: [
          { field: 'source.configTopic', rule: 'partitions', message: "config topic 'connect-config-orders-sink' must have exactly 1 partition, it has 3" },
          { field: 'destination', rule: 'required', message: 'destination is required' }] } }
        : { body: { valid: false, errors: [{ field: 'destination', rule: 'required', message: 'destination is required' }], warnings: [] } };
    });
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()} />);
    type('name', 'orders-sink');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Data Source Topic');
    fireEvent.click(screen.getByRole('button', { name: /Configure Runtime Environment/ }));
    expect((document.querySelector('[name="source.consumerGroup"]') as HTMLInputElement).value).toBe('connect-orders-sink');
    expect((document.querySelector('[name="source.configTopic"]') as HTMLInputElement).value).toBe('connect-config-orders-sink');
    type('source.topic', 'orders');
    choose('source.resourceCreation', 'MANUAL');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const error = await within(field('source.configTopic')).findByRole('alert');
    expect(error.textContent).toContain('exactly 1 partition');
    expect(screen.queryByText('destination is required')).toBeNull();
    expect(screen.getByText('Configure Source Service').closest('li')!.getAttribute('aria-current')).toBe('step');
  });

  it('shows only the MaxCompute formats the mode allows', async () => {
    const calls = stubApi(() => ({ body: { valid: false, errors: [], warnings: [] } }));
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()} />);
    await reachDestinationStep(calls);
    const formats = () => Array.from(document.querySelectorAll('select[name="destination.format"] option')).map((o) => o.textContent);
    expect(formats()).toEqual(['TEXT', 'BINARY', 'DEBEZIUM_JSON']);
    choose('destination.mode', 'VALUE');
    expect(formats()).toContain('CSV');
  });

  it('shows the change-data options when the Debezium format is chosen and sends them with the definition', async () => {
    const calls = stubApi(() => ({ body: { valid: false, errors: [], warnings: [] } }));
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()} />);
    await reachDestinationStep(calls);
    expect(document.querySelector('[name="destination.changeData.bucketsNum"]')).toBeNull();
    type('destination.format', 'DEBEZIUM_JSON');
    expect(screen.getByText('Change data (Debezium)')).toBeTruthy();
    expect(screen.getByText(/may hold \{table\}/)).toBeTruthy();
    type('destination.table', 'ods_{table}');
    type('destination.changeData.bucketsNum', '8');
    type('destination.changeData.compressAlgorithm', 'lz4');
    type('destination.changeData.totalBufferSize', '32MB');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(calls.filter((c) => (c.body as { destination?: unknown })?.destination !== undefined
      && c.url.endsWith('connectors:validate')).length).toBeGreaterThan(0));
    const validated = calls.filter((c) => c.url.endsWith('connectors:validate')).pop()!;
    expect(validated.body).toMatchObject({ destination: { format: 'DEBEZIUM_JSON', table: 'ods_{table}',
      changeData: { bucketsNum: 8, compressAlgorithm: 'lz4', totalBufferSize: '32MB' } } });
  });

  it('shows the Tablestore fields that apply to the chosen model and key mode', async () => {
    const calls = stubApi(() => ({ body: { valid: false, errors: [], warnings: [] } }));
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()} />);
    await reachDestinationStep(calls);
    choose('destination.type', 'TABLESTORE');
    expect(document.querySelector('[data-field="destination.primaryKeyColumns"]')).toBeNull();
    expect(document.querySelector('[data-field="destination.deleteMode"]')).toBeNull();
    choose('destination.primaryKeyMode', 'RECORD_KEY');
    field('destination.primaryKeyColumns');
    field('destination.deleteMode');
    const add = screen.getByRole('button', { name: /Add column/ });
    for (let i = 0; i < 4; i++) fireEvent.click(add);
    expect(document.querySelectorAll('[name^="destination.primaryKeyColumns["][name$="].name"]')).toHaveLength(4);
    expect((add as HTMLButtonElement).disabled).toBe(true);
    choose('destination.primaryKeyMode', 'RECORD_VALUE');
    expect(document.querySelector('[data-field="destination.deleteMode"]')).toBeNull();
    choose('destination.model', 'TIMESERIES');
    field('destination.timeseries.metricNameField');
    expect(document.querySelector('[data-field="destination.keyFormat"]')).toBeNull();
    expect(document.querySelector('[data-field="destination.timeseries.fieldTypes"]')).toBeNull();
    choose('destination.timeseries.mapAllFields', 'no');
    field('destination.timeseries.fieldTypes');
  });

  it('places destination errors on their inputs, down to a primary key column, and creates when valid', async () => {
    let valid = false;
    const onDone = vi.fn();
    const calls = stubApi((call) => {
      if (call.method === 'POST' && call.url.endsWith('/connectors')) return { status: 201, body: { name: 'orders-sink', status: 'NOT_DEPLOYED' } };
      if (call.url.endsWith('/deploy')) return { body: {} };
      const atDestination = (call.body as { destination?: unknown }).destination !== undefined;
      return valid || !atDestination ? { body: { valid: true, errors: [], warnings: [] } } : { body: { valid: false, warnings: [], errors: [
        { field: 'destination.endpoint', rule: 'url', message: "destination.endpoint must be an http:// or https:// URL, got 'x'" },
        { field: 'destination.primaryKeyColumns[0].name', rule: 'required', message: 'destination.primaryKeyColumns[0].name is required' },
      ] } };
    });
    renderWithI18n(<Wizard instance={instance} onDone={onDone} onCancel={vi.fn()} />);
    await reachDestinationStep(calls);
    choose('destination.type', 'TABLESTORE');
    choose('destination.primaryKeyMode', 'RECORD_KEY');
    fireEvent.click(screen.getByRole('button', { name: /Add column/ }));
    type('destination.endpoint', 'x');
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect((await within(field('destination.endpoint')).findByRole('alert')).textContent).toContain('http://');
    expect(document.querySelector('.row-edit')!.textContent).toContain('[0].name is required');
    valid = true;
    fireEvent.click(screen.getByRole('button', { name: 'Create and Deploy' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('orders-sink'));
    const created = calls.find((c) => c.method === 'POST' && c.url.endsWith('/connectors'))!;
    expect(created.body).toMatchObject({ name: 'orders-sink', source: { topic: 'orders', consumerGroup: 'connect-orders-sink' },
      destination: { type: 'TABLESTORE', primaryKeyMode: 'RECORD_KEY', primaryKeyColumns: [{ name: '', type: 'STRING' }] } });
    expect(calls.some((c) => c.url.endsWith('/connectors/orders-sink/deploy'))).toBe(true);
  });

  it('shows the DDL of a missing table at the table field, with a button that copies it', async () => {
    const ddl = 'CREATE TABLE IF NOT EXISTS test_kafka (topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING, value STRING) PARTITIONED BY (pt STRING);';
    const calls = stubApi((call) => ((call.body as { destination?: unknown }).destination === undefined
      ? { body: { valid: true, errors: [], warnings: [] } }
      : { body: { valid: false, warnings: [], errors: [{ field: 'destination.table', rule: 'destination.table.exists',
        message: "table 'p.test_kafka' does not exist: create it with the statement below", fix: ddl }] } }));
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()} />);
    await reachDestinationStep(calls);
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect((await within(field('destination.table')).findByRole('alert')).textContent).toContain('does not exist');
    expect(within(field('destination.table')).getByTestId('fix').textContent).toBe(ddl);
    fireEvent.click(within(field('destination.table')).getByRole('button', { name: 'Copy' }));
    expect(writeText).toHaveBeenCalledWith(ddl);
    await within(field('destination.table')).findByRole('button', { name: 'Copied' });
  });

  const stored = {
    instanceId: 'kafka-local', name: 'orders-sink', status: 'RUNNING', description: 'orders',
    source: { topic: 'orders', concurrency: 2, offsetReset: 'EARLIEST', failurePolicy: 'CONTINUE', resourceCreation: 'AUTO',
      consumerGroup: 'connect-orders-sink', offsetTopic: 'connect-offset-orders-sink', configTopic: 'connect-config-orders-sink',
      statusTopic: 'connect-status-orders-sink', deadLetterTopic: 'connect-error-orders-sink', errorTopic: 'connect-error-orders-sink' },
    destination: { type: 'MAXCOMPUTE', endpoint: 'http://mc/api', project: 'proj', table: 't', mode: 'DEFAULT', format: 'TEXT',
      auth: { type: 'ACCESS_KEY', accessKeyId: 'LTAI', accessKeySecret: '******' } },
    replicas: 1,
  } as const;

  it('edits a running connector: its values, fixed fields locked, the secret kept, saved with If-Match', async () => {
    const onDone = vi.fn();
    // the check before saving does not know the stored secret: its "required" is not the edit's concern
    const calls = stubApi((call) => (call.method === 'PUT' ? { body: stored } : { body: { valid: false, warnings: [],
      errors: [{ field: 'destination.auth.accessKeySecret', rule: 'required', message: 'destination.auth.accessKeySecret is required' }] } }));
    renderWithI18n(<Wizard instance={instance} onDone={onDone} onCancel={vi.fn()}
      from={{ kind: 'edit', connector: stored as never, etag: '"3"' }} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Edit connector orders-sink');
    expect(document.querySelector('[name="name"]')!.matches(':disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Data Source Topic');
    expect((document.querySelector('[name="source.topic"]') as HTMLInputElement).value).toBe('orders');
    expect(document.querySelector('[name="source.topic"]')!.matches(':disabled')).toBe(true);
    expect(field('source.topic').textContent).toContain('Cannot change while the connector runs');
    fireEvent.change(document.querySelector('[name="source.concurrency"]')!, { target: { value: '6' } });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Destination Service');
    const secret = document.querySelector('[name="destination.auth.accessKeySecret"]') as HTMLInputElement;
    expect(secret.value).toBe('');
    expect(secret.placeholder).toContain('unchanged');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('orders-sink'));
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.url).toMatch(/\/connectors\/orders-sink$/);
    expect(put.headers['if-match']).toBe('"3"');
    expect(put.body).toMatchObject({ name: 'orders-sink', source: { topic: 'orders', concurrency: 6 },
      destination: { auth: { type: 'ACCESS_KEY', accessKeyId: 'LTAI' } } });
    expect((put.body as { destination: { auth: object } }).destination.auth).not.toHaveProperty('accessKeySecret');
  });

  it('says so when someone else saved the connector in between (412)', async () => {
    stubApi((call) => (call.method === 'PUT'
      ? { status: 412, body: { status: 412, detail: 'changed', errors: [{ field: 'If-Match', rule: 'connector.changedSinceRead', message: 'changed' }] } }
      : { body: { valid: true, errors: [], warnings: [] } }));
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()}
      from={{ kind: 'edit', connector: { ...stored, status: 'STOPPED' } as never, etag: '"3"' }} />);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Data Source Topic');
    expect(document.querySelector('[name="source.topic"]')!.matches(':disabled')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Destination Service');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByText(/Someone else saved this connector/)).closest('[data-stale]')).toBeTruthy();
  });

  it('clones into a new connector: a new name, topics following it, the secret to type again', async () => {
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()}
      from={{ kind: 'clone', connector: stored as never }} />);
    stubApi(() => ({ body: { valid: true, errors: [], warnings: [] } }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Clone connector orders-sink');
    const name = document.querySelector('[name="name"]') as HTMLInputElement;
    expect(name.value).toBe('orders-sink-copy');
    expect(name.matches(':disabled')).toBe(false);
  });
});
