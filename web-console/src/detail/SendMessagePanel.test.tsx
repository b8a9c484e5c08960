import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Connector } from '../api/model';
import { renderWithI18n, stubApi } from '../test-support';
import { SendMessagePanel } from './SendMessagePanel';

const connector: Connector = { instanceId: 'k', name: 'orders', status: 'RUNNING', source: { topic: 'orders-in' } };
const instance = { id: 'k', name: 'local', bootstrapServers: 'broker:9092' };

afterEach(() => vi.unstubAllGlobals());

describe('Send Message panel', () => {
  it('sends to the chosen partition and says where the message went, or why not', async () => {
    const calls = stubApi(({ url, body }) => {
      if (url.endsWith('/topics')) return { body: [{ name: 'orders-in', partitions: 3 }] };
      const partition = (body as { partition?: number }).partition;
      return partition === 7
        ? { status: 400, body: { errors: [{ field: 'partition', rule: 'partition.range', message: 'partition must be between 0 and 2' }] } }
        : { body: { topic: 'orders-in', partition: partition ?? 1, offset: 41, timestamp: '2026-11-21T10:00:00Z' } };
    });
    renderWithI18n(<SendMessagePanel instanceId="k" connector={connector} instance={instance} />);
    fireEvent.click(document.querySelector('input[name="send.toPartition"][value="yes"]')!);
    await screen.findByText('Topic orders-in has 3 partitions: 0 to 2.');
    fireEvent.change(document.querySelector('[name="send.partition"]')!, { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: 'OK' }));
    const field = document.querySelector('[data-field="send.partition"]') as HTMLElement;
    expect((await within(field).findByRole('alert')).textContent).toBe('partition must be between 0 and 2');

    fireEvent.change(document.querySelector('[name="send.partition"]')!, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'OK' }));
    expect((await screen.findByTestId('send-result')).textContent).toMatch(/^Sent to topic orders-in, partition 2, offset 41 at /);
    expect(calls.at(-1)!.body).toEqual({ key: 'demo', value: '{"key": "test"}', partition: 2 });
  });

  it('shows a Docker command and SDK code for this topic', () => {
    stubApi(() => ({ body: [] }));
    renderWithI18n(<SendMessagePanel instanceId="k" connector={connector} instance={instance} />);
    fireEvent.click(document.querySelector('input[name="send.method"][value="docker"]')!);
    expect(document.querySelector('.snippet pre')!.textContent).toContain('--bootstrap-server broker:9092 \\\n  --topic orders-in');
    fireEvent.click(document.querySelector('input[name="send.method"][value="sdk"]')!);
    fireEvent.click(document.querySelector('input[name="send.language"][value="python"]')!);
    expect(document.querySelector('.snippet pre')!.textContent).toContain('producer.send("orders-in"');
  });

  it('fills the SDK code and the Docker example with the key and value typed in the Console method', () => {
    stubApi(() => ({ body: [] }));
    renderWithI18n(<SendMessagePanel instanceId="k" connector={connector} instance={instance} />);
    fireEvent.change(document.querySelector('[name="send.key"]')!, { target: { value: 'order-7' } });
    fireEvent.change(document.querySelector('[name="send.value"]')!, { target: { value: '{"id": 7, "note": "a \\ b"}' } });
    fireEvent.click(document.querySelector('input[name="send.method"][value="sdk"]')!);
    const code = () => document.querySelector('.snippet pre')!.textContent;
    expect(code()).toContain('new ProducerRecord<>("orders-in", "order-7", "{\\"id\\": 7, \\"note\\": \\"a \\\\ b\\"}")');
    fireEvent.click(document.querySelector('input[name="send.language"][value="python"]')!);
    expect(code()).toContain('key="order-7".encode(), value="{\\"id\\": 7');
    fireEvent.click(document.querySelector('input[name="send.language"][value="go"]')!);
    expect(code()).toContain('Key: []byte("order-7")');
    fireEvent.click(document.querySelector('input[name="send.method"][value="docker"]')!);
    expect(code()).toContain('order-7:{"id": 7, "note": "a \\ b"}');
  });
});
