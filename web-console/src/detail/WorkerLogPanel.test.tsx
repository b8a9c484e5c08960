import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithI18n, stubApi } from '../test-support';
import { WorkerLogPanel } from './WorkerLogPanel';

afterEach(() => vi.unstubAllGlobals());

describe('worker log', () => {
  it('shows each task\'s lines in order under its heading, and reads them again on refresh', async () => {
    let reads = 0;
    const calls = stubApi(() => {
      reads += 1;
      return { body: { name: 'orders', tasks: [
        { node: 'node-1', updatedAt: '2026-12-05T11:00:00Z', lines: ['2026-12-05 11:00:01,000 INFO  [orders|worker] Creating'] },
        { task: 0, node: 'node-1', updatedAt: '2026-12-05T11:00:00Z', lines: [
          '2026-12-05 11:00:02,000 ERROR [orders|task-0] Task threw an uncaught exception',
          '\tat com.example.Sink.put(Sink.java:1)', `read ${reads}`] },
      ] } };
    });
    renderWithI18n(<WorkerLogPanel instanceId="k" name="orders" />);

    const headings = await screen.findAllByRole('heading', { level: 3 });
    expect(calls[0].url).toBe('/api/v1/instances/k/connectors/orders/logs');
    expect(headings.map((h) => h.textContent)).toEqual([
      expect.stringContaining('Connector'), expect.stringContaining('Task 0')]);
    expect(headings[1].textContent).toContain('node-1');
    const task = document.querySelector('[data-task="0"] pre')!;
    expect(task.textContent).toBe('2026-12-05 11:00:02,000 ERROR [orders|task-0] Task threw an uncaught exception\n'
      + '\tat com.example.Sink.put(Sink.java:1)\nread 1');

    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(document.querySelector('[data-task="0"] pre')!.textContent).toContain('read 2'));
  });

  it('says when no line arrived yet', async () => {
    stubApi(() => ({ body: { name: 'orders', tasks: [] } }));
    renderWithI18n(<WorkerLogPanel instanceId="k" name="orders" />);
    expect((await screen.findByTestId('worker-log-empty')).textContent).toContain('No log lines yet');
  });
});
