import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../App';
import { renderWithI18n, stubApi } from '../test-support';
import { en, zh } from './messages';

afterEach(() => vi.unstubAllGlobals());

describe('English and Chinese', () => {
  it('has every message in both languages, with the same placeholders', () => {
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      expect(zh[key], key).toBeTruthy();
      expect((zh[key].match(/\{\w+\}/g) ?? []).sort(), key).toEqual((en[key].match(/\{\w+\}/g) ?? []).sort());
    }
  });

  it('switches the whole console and remembers the choice', async () => {
    localStorage.setItem('connectors.language', 'en');
    sessionStorage.setItem('connectors.token', 't');
    window.location.hash = '#/connectors/new';
    stubApi(({ url }) => (url.endsWith('/instances')
      ? { body: [{ id: 'kafka-local', name: 'local', bootstrapServers: 'b:9092' }] }
      : { body: { valid: true, errors: [], warnings: [] } }));
    renderWithI18n(<App />);
    await screen.findByText('Configure Basic Information');
    fireEvent.click(screen.getByTestId('language'));
    expect(await screen.findByText('配置基本信息')).toBeTruthy();
    expect(screen.getByText('配置目标服务')).toBeTruthy();
    expect(screen.queryByText('Configure Basic Information')).toBeNull();
    expect(localStorage.getItem('connectors.language')).toBe('zh');
    expect(document.documentElement.lang).toBe('zh-CN');
  });
});
