import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FailedRecord } from '../api/model';
import { renderWithI18n, stubApi } from '../test-support';
import { FailedRecordsPanel } from './FailedRecordsPanel';

afterEach(() => vi.unstubAllGlobals());

const record = (offset: number, reason: string, value: FailedRecord['value']): FailedRecord => ({
  partition: 0, offset, timestamp: '2026-12-05T08:00:00Z', reason, stage: 'TASK_PUT', exceptionClass: 'DataException',
  originalTopic: 'orders', originalPartition: 1, originalOffset: 40 + offset, payload: 'complete',
  key: { encoding: 'UTF8', text: `k${offset}`, size: 2, cut: false }, value,
  headers: [{ name: 'trace', value: { encoding: 'UTF8', text: 't1', size: 2, cut: false } }], errorHeaders: [],
});

describe('failed records', () => {
  it('lists reason, stage, origin and bytes (hex marked), pages older, and replays the chosen record after confirming', async () => {
    const calls = stubApi(({ method, url }) => {
      if (method === 'POST') {
        return { body: { replayId: 'r', topic: 'connect-error-orders', replayed: [{ partition: 0, offset: 2, topic: 'orders',
          topicPartition: 1, topicOffset: 99 }], skipped: [] } };
      }
      const older = new URL(url, 'http://console').searchParams.get('cursor') === '0:1';
      return { body: { topic: 'connect-error-orders', source: 'ERROR_TOPIC', scanned: 3, next: older ? undefined : '0:1',
        items: older ? [record(0, 'oldest', { encoding: 'NULL', size: 0, cut: false })] : [
          record(2, "has field 'region'", { encoding: 'UTF8', text: '{"region":"hz"}', size: 15, cut: false }),
          record(1, 'not JSON', { encoding: 'HEX', text: 'c328', size: 2, cut: false })] } };
    });
    renderWithI18n(<FailedRecordsPanel instanceId="k" name="orders"
      metrics={{ errorTopicRecords: 3, deadLettered: 0, destinationRetries: 0, tasks: 1 }} />);

    const items = await screen.findAllByTestId('failed-record');
    expect(calls[0].url).toBe('/api/v1/instances/k/connectors/orders/failed-records?source=ERROR_TOPIC&size=20');
    expect(items[0].textContent).toContain("has field 'region'");
    expect(items[0].textContent).toContain('TASK_PUT');
    expect(items[0].textContent).toContain('orders / 1 @ 42');
    expect(items[0].textContent).toContain('{"region":"hz"}');
    expect(within(items[1]).getByText('hex')).toBeTruthy();
    expect(screen.getByTestId('failed-counts').textContent).toContain('3 sent to the error topic');

    fireEvent.click(within(items[0]).getByRole('checkbox'));
    fireEvent.click(screen.getByRole('button', { name: 'Replay selected (1)' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'OK' }));
    expect((await screen.findByTestId('replay-result')).textContent).toContain('1 record(s) sent back to orders');
    const replay = calls.find((c) => c.method === 'POST')!;
    expect(replay.url).toBe('/api/v1/instances/k/connectors/orders/failed-records/replay');
    expect(replay.body).toMatchObject({ source: 'ERROR_TOPIC', records: [{ partition: 0, offset: 2 }] });

    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() => expect(screen.getAllByTestId('failed-record')[0].textContent).toContain('oldest'));
    expect(calls.at(-1)!.url).toContain('cursor=0%3A1');
  });
});
