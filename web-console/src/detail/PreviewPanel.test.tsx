import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connector } from '../api/model';
import { renderWithI18n, stubApi } from '../test-support';
import { PreviewPanel } from './PreviewPanel';

const maxCompute: Connector = { instanceId: 'k', name: 'orders', status: 'RUNNING', destination: { type: 'MAXCOMPUTE' } };

afterEach(() => vi.unstubAllGlobals());

describe('data preview', () => {
  it('shows the rows of the newest partition, and of another one when picked', async () => {
    const calls = stubApi(({ url }) => {
      const partition = new URL(url, 'http://console').searchParams.get('partition');
      return { body: { columns: ['topic', 'partition', 'offset', 'key', 'value', 'pt'], partitions: ['11-17-2020 14', '11-17-2020 15'],
        rows: [['in', 0, partition ? 0 : 1, 'demo', partition ? 'older' : 'newest', partition ?? '11-17-2020 15']] } };
    });
    renderWithI18n(<PreviewPanel instanceId="k" connector={maxCompute} />);
    expect((await screen.findByTestId('preview-rows')).textContent).toContain('newest');
    expect(calls[0].url).toBe('/api/v1/instances/k/connectors/orders/preview?limit=10');
    fireEvent.change(screen.getByLabelText('Partition'), { target: { value: '11-17-2020 14' } });
    await waitFor(() => expect(screen.getByTestId('preview-rows').textContent).toContain('older'));
    expect(calls.at(-1)!.url).toBe('/api/v1/instances/k/connectors/orders/preview?partition=11-17-2020%2014&limit=10');
  });

  it('offers the tables change data was routed to and shows the chosen one', async () => {
    const calls = stubApi(({ url }) => {
      const table = new URL(url, 'http://console').searchParams.get('table') ?? 'cdc_customers';
      return { body: { columns: ['id', 'name'], tables: ['cdc_customers', 'cdc_orders'], table,
        rows: [[1, table === 'cdc_orders' ? 'tea' : 'ann']] } };
    });
    renderWithI18n(<PreviewPanel instanceId="k" connector={maxCompute} />);
    expect((await screen.findByTestId('preview-rows')).textContent).toContain('ann');
    expect((screen.getByLabelText('Table') as HTMLSelectElement).value).toBe('cdc_customers');
    fireEvent.change(screen.getByLabelText('Table'), { target: { value: 'cdc_orders' } });
    await waitFor(() => expect(screen.getByTestId('preview-rows').textContent).toContain('tea'));
    expect(calls.at(-1)!.url).toBe('/api/v1/instances/k/connectors/orders/preview?table=cdc_orders&limit=10');
  });

  it('says so when the control plane has no preview', async () => {
    stubApi(() => ({ status: 404, body: { detail: 'Not Found', errors: [] } }));
    renderWithI18n(<PreviewPanel instanceId="k" connector={{ ...maxCompute, destination: { type: 'TABLESTORE' } }} />);
    expect((await screen.findByTestId('preview-unavailable')).textContent).toMatch(/^Preview not available/);
  });
});
