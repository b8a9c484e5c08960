import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWithI18n } from '../../test-support';
import { DestinationBanner } from './DestinationBanner';

const waiting = {
  destinationUnavailableSince: '2026-12-05T05:00:00Z', destinationRetries: 1234,
  destinationLastError: 'IOException: Connection refused', tasks: 2,
};

afterEach(() => localStorage.clear());

describe('destination banner', () => {
  it('warns while the destination is unavailable, with since, retries and the last error', () => {
    localStorage.setItem('connectors.language', 'en');
    renderWithI18n(<DestinationBanner metrics={waiting} />);
    const banner = screen.getByRole('status');
    expect(banner.getAttribute('data-condition')).toBe('DestinationUnavailable');
    expect(banner.textContent).toContain('Destination unavailable');
    expect(banner.textContent).toContain(new Date(waiting.destinationUnavailableSince).toLocaleString('en'));
    expect(banner.textContent).toContain('1,234 retries');
    expect(screen.getByTestId('destination-last-error').textContent).toBe('Last error: IOException: Connection refused');
  });

  it('speaks Chinese', () => {
    localStorage.setItem('connectors.language', 'zh');
    renderWithI18n(<DestinationBanner metrics={waiting} />);
    expect(screen.getByRole('status').textContent).toContain('目标服务不可用');
    expect(screen.getByRole('status').textContent).toContain('已重试 1,234 次');
  });

  it('is not there while writes succeed', () => {
    renderWithI18n(<DestinationBanner metrics={{ destinationRetries: 0, tasks: 2, recordsOutPerSecond: 10 }} />);
    expect(screen.queryByRole('status')).toBeNull();
  });
});
