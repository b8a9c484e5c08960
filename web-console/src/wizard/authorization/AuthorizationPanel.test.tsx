import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithI18n, stubApi, type Call } from '../../test-support';
import { Wizard } from '../Wizard';

const instance = { id: 'kafka-local', name: 'local', bootstrapServers: 'localhost:9092' };
const STATEMENTS = ['add user `RAM$1880000000000000:role/writer`;',
  'grant CreateInstance on project p to user `RAM$1880000000000000:role/writer`;'];
const TRUST = '{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"Service":["alikafka.aliyuncs.com"]}}],"Version":"1"}';

const type = (path: string, value: string) =>
  fireEvent.change(document.querySelector(`[name="${path}"]`)!, { target: { value } });
const choose = (path: string, value: string) =>
  fireEvent.click(document.querySelector(`input[name="${path}"][value="${value}"]`)!);
const field = (path: string) => document.querySelector(`[data-field="${path}"]`) as HTMLElement;

/** Name, topic, then a MaxCompute destination written with RAM role {@code writer}. */
async function ramRoleDestination() {
  type('name', 'orders-sink');
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByText('Data Source Topic');
  type('source.topic', 'orders');
  fireEvent.click(screen.getByRole('button', { name: 'Next' }));
  await screen.findByText('Destination Service');
  type('destination.endpoint', 'http://localhost:18090/api');
  type('destination.project', 'p');
  type('destination.table', 't');
  type('destination.region', 'cn-hangzhou');
  choose('destination.auth.type', 'RAM_ROLE');
  type('destination.auth.accountId', '1880000000000000');
  type('destination.auth.roleName', 'writer');
}

function api(authorization: (call: Call) => unknown): Call[] {
  return stubApi((call) => {
    if (call.method === 'GET' && /\/connectors\/[^/]+$/.test(call.url)) return { status: 404, body: { errors: [] } };
    if (call.url.endsWith('/topics')) return { body: [] };
    if (call.url.endsWith('connectors:check-authorization')) return { body: authorization(call) };
    if (call.url.endsWith('connectors:create-service-linked-role')) {
      return { body: { ok: true, problems: [], grantStatements: [], actionsTaken: ['created the service-linked role R'] } };
    }
    if (call.method === 'POST' && call.url.endsWith('/connectors')) return { status: 201, body: { name: 'orders-sink' } };
    return { body: { valid: true, errors: [], warnings: [] } };
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('authorization help', () => {
  it('flags a role that does not exist at its field before Create, and saves nothing', async () => {
    const calls = api(() => ({ ok: false, grantStatements: STATEMENTS, trustPolicy: TRUST, actionsTaken: [], problems: [
      { field: 'destination.auth.roleName', rule: 'destination.auth.roleName.notFound', message: 'role writer does not exist' }] }));
    const onDone = vi.fn();
    renderWithI18n(<Wizard instance={instance} onDone={onDone} onCancel={vi.fn()} />);
    await ramRoleDestination();
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect((await within(field('destination.auth.roleName')).findByRole('alert')).textContent).toBe('role writer does not exist');
    expect(calls.filter((c) => c.method === 'POST' && c.url.endsWith('/connectors'))).toHaveLength(0);
    expect(onDone).not.toHaveBeenCalled();
    expect(screen.getByTestId('trust-policy').textContent).toContain('alikafka.aliyuncs.com');
  });

  it('shows the grant statements to copy in one click, then creates once the check passes', async () => {
    let granted = false;
    const calls = api(() => (granted ? { ok: true, problems: [], grantStatements: STATEMENTS, trustPolicy: TRUST, actionsTaken: [] }
      : { ok: false, grantStatements: STATEMENTS, trustPolicy: TRUST, actionsTaken: [], problems: [{ field: 'destination.auth.roleName',
        rule: 'destination.auth.roleName.grants', message: 'the role may not use table t yet', fix: STATEMENTS.join('\n') }] }));
    const writeText = vi.fn(async () => undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const onDone = vi.fn();
    renderWithI18n(<Wizard instance={instance} onDone={onDone} onCancel={vi.fn()} />);
    await ramRoleDestination();
    fireEvent.click(screen.getByRole('button', { name: 'Check authorization' }));
    const grants = await screen.findByTestId('grant-statements');
    expect(grants.textContent).toContain(STATEMENTS[1]);
    fireEvent.click(within(grants).getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(STATEMENTS.join('\n')));
    expect(within(field('destination.auth.roleName')).getByRole('alert').textContent).toBe('the role may not use table t yet');

    granted = true;
    fireEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('orders-sink'));
    const checks = calls.filter((c) => c.url.endsWith('connectors:check-authorization'));
    expect(checks).toHaveLength(2);
    expect((checks[1].body as { destination: { auth: { roleName: string } } }).destination.auth.roleName).toBe('writer');
  });

  it('offers to create the Tablestore service-linked role the check found missing', async () => {
    let created = false;
    const calls = api(() => (created ? { ok: true, problems: [], grantStatements: [], actionsTaken: [] }
      : { ok: false, grantStatements: [], actionsTaken: [], problems: [{ field: 'destination',
        rule: 'destination.serviceLinkedRole.missing', message: 'the service-linked role R does not exist yet' }] }));
    renderWithI18n(<Wizard instance={instance} onDone={vi.fn()} onCancel={vi.fn()} />);
    type('name', 'orders-sink');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Data Source Topic');
    type('source.topic', 'orders');
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Destination Service');
    choose('destination.type', 'TABLESTORE');
    fireEvent.click(screen.getByRole('button', { name: 'Check authorization' }));
    const create = await screen.findByRole('button', { name: 'Create the service-linked role' });
    created = true;
    fireEvent.click(create);
    expect((await screen.findByText('Done: created the service-linked role R'))).toBeTruthy();
    expect(screen.getByTestId('authorization-result').getAttribute('data-ok')).toBe('true');
    expect(calls.filter((c) => c.url.endsWith('connectors:create-service-linked-role'))).toHaveLength(1);
  });
});
