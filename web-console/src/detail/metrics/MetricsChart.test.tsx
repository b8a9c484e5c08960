import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithI18n, stubApi } from '../../test-support';
import { linePath, MetricsCharts, niceMax } from './MetricsChart';

const at = (second: number) => new Date(Date.UTC(2026, 11, 5, 5, 0, second)).toISOString();
const sample = (second: number, out: number | undefined, lag: number) => ({
  at: at(second), recordsInPerSecond: out, recordsOutPerSecond: out, consumerLag: lag, destinationUnavailable: false,
});

afterEach(() => { vi.unstubAllGlobals(); localStorage.clear(); });

describe('throughput and lag chart', () => {
  it('scales to a round top and draws each sample across the window', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(730)).toBe(1000);
    expect(niceMax(120)).toBe(200);
    expect(niceMax(5)).toBe(5);
    const samples = [sample(0, 0, 0), sample(5, 50, 0), sample(10, 100, 0)];
    expect(linePath(samples, (s) => s.recordsOutPerSecond, 100)).toBe('M0.0,120.0L300.0,60.0L600.0,0.0');
  });

  it('breaks the line where a sample has no figure instead of drawing a zero', () => {
    const samples = [sample(0, 10, 0), sample(5, undefined, 0), sample(10, 10, 0)];
    expect(linePath(samples, (s) => s.recordsOutPerSecond, 10)).toBe('M0.0,0.0M600.0,0.0');
  });

  it('shows the history from the control plane with the latest figures, and follows new samples', async () => {
    localStorage.setItem('connectors.language', 'en');
    let samples = [sample(0, 100, 40), sample(5, 250, 12)];
    const calls = stubApi(({ url }) => url.endsWith('/metrics/history')
      ? { body: { name: 'orders', sampleIntervalSeconds: 1, samples } } : { status: 404, body: {} });
    renderWithI18n(<MetricsCharts instanceId="kafka-local" name="orders" />);

    const throughput = await screen.findByRole('img', { name: 'Throughput (records/s)' });
    expect(throughput.querySelector('.series-out')!.getAttribute('d')).toMatch(/^M0\.0,/);
    expect(document.querySelector('[data-chart="throughput"] [data-line="out"]')!.textContent).toBe('Out: 250');
    expect(document.querySelector('[data-chart="lag"] [data-line="lag"]')!.textContent).toBe('Lag: 12');
    expect(document.querySelector('[data-chart="throughput"] .chart-max')!.textContent).toBe('500');
    expect(calls[0].url).toBe('/api/v1/instances/kafka-local/connectors/orders/metrics/history');

    samples = [...samples, sample(10, 900, 3)];
    await waitFor(() => expect(document.querySelector('[data-chart="throughput"] [data-line="out"]')!.textContent)
      .toBe('Out: 900'), { timeout: 4000 });
    expect(document.querySelector('[data-chart="throughput"] .chart-max')!.textContent).toBe('1,000');
  });

  it('says so while there are no samples, in Chinese too', async () => {
    localStorage.setItem('connectors.language', 'zh');
    stubApi(() => ({ body: { name: 'orders', sampleIntervalSeconds: 5, samples: [] } }));
    renderWithI18n(<MetricsCharts instanceId="kafka-local" name="orders" />);
    expect((await screen.findByTestId('metrics-empty')).textContent).toContain('暂无指标');
  });
});
