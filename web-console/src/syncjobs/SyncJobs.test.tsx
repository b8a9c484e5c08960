import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithI18n, stubApi } from '../test-support';
import { en, zh } from './messages';
import { SyncJobDetail } from './SyncJobDetail';
import { recommendedParameters, SyncJobWizard } from './SyncJobWizard';

afterEach(() => vi.unstubAllGlobals());

const JOB = {
  instanceId: 'k', name: 'hourly', enabled: true, source: { topic: 'orders' },
  destination: { project: 'p', table: 't', partition: 'ds=${partition}' }, mapping: [],
  parameters: { startTime: '$[yyyymmddhh24-1/24]0000', endTime: '$[yyyymmddhh24]0000', partition: '$[yyyymmddhh24]' },
  schedule: { type: 'HOUR', interval: 1, startTime: '00:15', endTime: '23:59' }, rerun: { onFailure: true, times: 3, intervalSeconds: 120 },
  nextRuns: [{ scheduledTime: '2022-11-22T10:15:00+08:00', windowStart: '2022-11-22T09:00:00+08:00',
    windowEnd: '2022-11-22T10:00:00+08:00', partition: 'ds=2022112210' }], createdAt: '', updatedAt: '',
};

describe('sync jobs', () => {
  it('has every message in both languages', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });

  it('recommends the seed\'s parameters for each cycle', () => {
    expect(recommendedParameters('MINUTE', 5)).toEqual({ startTime: '$[yyyymmddhh24mi-8/24/60]00',
      endTime: '$[yyyymmddhh24mi-3/24/60]00', partition: '$[yyyymmddhh24mi-8/24/60]' });
    expect(recommendedParameters('MONTH').startTime).toBe('$[add_months(yyyymmdd,-1)]000000');
  });

  it('previews the next windows, lists sampled paths and places mapping errors at their line', async () => {
    const calls = stubApi(({ url, body }) => {
      if (url.endsWith(':sample-fields')) return { body: { kafkaFields: [], paths: ['a.a1', 'd[0].AA', "['a.b']"] } };
      if (url.endsWith(':validate')) {
        const mapping = (body as { mapping: { column: string }[] }).mapping;
        const duplicate = mapping.length > 6 && mapping[6].column === '__key__';
        return { body: { valid: !duplicate, job: body, nextRuns: duplicate ? [] : JOB.nextRuns,
          errors: duplicate ? [{ field: 'mapping[6].column', rule: 'mapping.column.duplicate', message: "column '__key__' is filled from two source fields" }] : [] } };
      }
      return { status: 404, body: {} };
    });
    renderWithI18n(<SyncJobWizard instanceId="k" onCancel={vi.fn()} onDone={vi.fn()} />);
    expect(await screen.findByText('2022-11-22T10:15:00+08:00')).toBeTruthy();
    expect(screen.getByText('ds=2022112210')).toBeTruthy();

    fireEvent.change(document.getElementById('s-source_topic')!, { target: { value: 'orders' } });
    fireEvent.click(screen.getByRole('button', { name: 'Read fields from the topic' }));
    await waitFor(() => expect(screen.getByTestId('mapping-fields').textContent).toContain("d[0].AA, ['a.b']"));
    expect(calls.find((c) => c.url.endsWith(':sample-fields'))!.body).toEqual({ topic: 'orders', encoding: 'UTF-8' });

    fireEvent.click(screen.getByRole('button', { name: 'Add line' }));
    fireEvent.change(screen.getByLabelText('Kafka field 7'), { target: { value: 'a.a1' } });
    fireEvent.change(screen.getByLabelText('Target column 7'), { target: { value: '__key__' } });
    expect(await screen.findByText("column '__key__' is filled from two source fields")).toBeTruthy();
    expect(screen.getByText('Fix the fields marked above to see the next windows.')).toBeTruthy();

    fireEvent.change(document.getElementById('s-schedule_type')!, { target: { value: 'DAY' } });
    await waitFor(() => expect((document.getElementById('s-parameters_startTime') as HTMLInputElement).value)
      .toBe('$[yyyymmdd-1]000000'));
  });

  it('shows runs with their windows, reruns a window and starts a run with parameters', async () => {
    const run = { id: 7, job: 'hourly', trigger: 'TRIAL', windowStart: '2022-11-22T09:00:00+08:00', windowEnd: '2022-11-22T10:00:00+08:00',
      partition: 'ds=2022112210', parameters: {}, state: 'SUCCEEDED', attempt: 1, maxAttempts: 4, recordsRead: 10,
      recordsWritten: 9, lateRecords: 2, durationMillis: 1500, createdAt: '' };
    const calls = stubApi(({ method, url }) => {
      if (method === 'GET' && url.endsWith('/sync-jobs/hourly')) return { body: JOB };
      if (method === 'GET' && url.includes('/runs')) return { body: { items: [run], page: 0, size: 20, totalItems: 1, totalPages: 1 } };
      if (method === 'POST' && url.endsWith('/runs/7/rerun')) return { status: 202, body: { ...run, id: 8, state: 'WAITING' } };
      if (method === 'POST' && url.endsWith('/runs')) return { status: 202, body: { ...run, id: 9, state: 'WAITING' } };
      return { status: 404, body: {} };
    });
    renderWithI18n(<SyncJobDetail instanceId="k" name="hourly" onBack={vi.fn()} />);
    expect(await screen.findByText('ds=2022112210')).toBeTruthy();
    expect(screen.getByText('10 / 9')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Rerun window' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.url.endsWith('/runs/7/rerun'))).toBe(true));

    fireEvent.click(screen.getByRole('button', { name: 'Run with parameters' }));
    fireEvent.change(screen.getByLabelText('startTime'), { target: { value: '20221122090000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Run' }));
    await screen.findByTestId('trial-started');
    expect(calls.find((c) => c.method === 'POST' && c.url.endsWith('/hourly/runs'))!.body)
      .toEqual({ parameters: { startTime: '20221122090000' } });
  });

  it('deletes a job only once asked to confirm, naming its consumer group', async () => {
    const calls = stubApi(({ method, url }) => {
      if (method === 'GET' && url.endsWith('/sync-jobs/hourly')) {
        return { body: { ...JOB, source: { topic: 'orders', consumerGroup: 'sync-hourly' } } };
      }
      if (method === 'GET' && url.includes('/runs')) return { body: { items: [], page: 0, size: 20, totalItems: 0, totalPages: 0 } };
      if (method === 'DELETE') return { status: 204 };
      return { status: 404, body: {} };
    });
    const onBack = vi.fn();
    renderWithI18n(<SyncJobDetail instanceId="k" name="hourly" onBack={onBack} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('sync-hourly');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    const confirm = screen.getAllByRole('button', { name: 'Delete' }).at(-1)!;
    fireEvent.click(confirm);
    await waitFor(() => expect(onBack).toHaveBeenCalled());
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.url)).toEqual([
      expect.stringMatching(/\/sync-jobs\/hourly$/)]);
  });
});
