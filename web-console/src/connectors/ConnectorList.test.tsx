import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithI18n, stubApi } from '../test-support';
import { ConnectorList } from './ConnectorList';

const TOTALS: Record<string, number> = { '': 45, RUNNING: 30, FAILED: 2, NOT_DEPLOYED: 13 };

function answer(url: string) {
  const params = new URL(url, 'http://console').searchParams;
  const status = params.get('status') ?? '';
  const size = Number(params.get('size'));
  const page = Number(params.get('page') ?? 0);
  const total = TOTALS[status] ?? 0;
  const count = Math.max(0, Math.min(size, total - page * size));
  return {
    body: {
      items: Array.from({ length: count }, (_, i) => ({ name: `${params.get('q') ?? 'c'}-${status || 'any'}-${page * size + i}`,
        status: status || 'RUNNING', instanceId: 'k', source: { topic: 'in' }, destination: { type: 'MAXCOMPUTE' } })),
      page, size, totalItems: total, totalPages: Math.ceil(total / size),
    },
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('connectors list', () => {
  it('shows counts per status and filters by status and name on the server, one page at a time', async () => {
    const calls = stubApi(({ url }) => answer(url));
    renderWithI18n(<ConnectorList instanceId="k" onOpen={vi.fn()} onCreate={vi.fn()} />);
    await screen.findByText('c-any-0');
    expect(document.querySelectorAll('tbody tr')).toHaveLength(20);
    await waitFor(() => expect(document.querySelector('[data-status="RUNNING"] .count')!.textContent).toBe('30'));
    expect(document.querySelector('[data-status="ALL"] .count')!.textContent).toBe('45');
    expect(document.querySelector('[data-status="FAILED"] .count')!.textContent).toBe('2');
    expect(screen.getByText('Page 1 of 3 (45 connectors)')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('c-any-20');

    fireEvent.click(document.querySelector('[data-status="FAILED"]')!);
    await screen.findByText('c-FAILED-0');
    expect(document.querySelectorAll('tbody tr')).toHaveLength(2);
    // the last page asked for (the counts, refreshed on their own, ask for size=1)
    const lastPage = calls.filter((c) => c.url.includes('size=20')).at(-1)!;
    expect(lastPage.url).toContain('status=FAILED');
    expect(lastPage.url).toContain('page=0');

    fireEvent.change(screen.getByRole('searchbox'), { target: { value: 'orders' } });
    await screen.findByText('orders-FAILED-0');
    expect(calls.some((c) => c.url.includes('q=orders') && c.url.includes('status=FAILED') && c.url.includes('size=20'))).toBe(true);
  });

  it('shows a connector being deleted as Deleting and follows it closely until it is gone', async () => {
    let listed = 0;
    stubApi(({ url }) => {
      if (new URL(url, 'http://console').searchParams.get('size') === '1') return { body: { items: [], page: 0, size: 1, totalItems: 0, totalPages: 0 } };
      listed += 1;
      const items = listed < 3 ? [{ name: 'orders', status: 'DELETING', instanceId: 'k', source: { topic: 'in' },
        destination: { type: 'MAXCOMPUTE' } }] : [];
      return { body: { items, page: 0, size: 20, totalItems: items.length, totalPages: items.length } };
    });
    renderWithI18n(<ConnectorList instanceId="k" onOpen={vi.fn()} onCreate={vi.fn()} />);
    await screen.findByText('orders');
    expect(document.querySelector('tbody [data-state="DELETING"]')!.textContent).toBe('Deleting');
    // refreshed every second while a connector is DELETING (every 5 s otherwise): gone without a reload
    await waitFor(() => expect(screen.queryByText('orders')).toBeNull(), { timeout: 4000 });
  });
});
