import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { vi } from 'vitest';
import { createQueryClient } from './api/queryClient';
import { I18nProvider } from './i18n/i18n';

export interface Call {
  method: string;
  /** Path and query, as the console asked for them. */
  url: string;
  body: unknown;
  /** The request's headers, names in lower case. */
  headers: Record<string, string>;
}

/** Answers fetch() by method+path; records every call so a test can check what the console asked. */
export function stubApi(handler: (call: Call) => { status?: number; body?: unknown }): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', vi.fn(async (input: Request | string, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(new URL(input, window.location.origin), init);
    const text = await request.text();
    const url = new URL(request.url);
    const call = { method: request.method, url: url.pathname + url.search, body: text ? JSON.parse(text) : undefined,
      headers: Object.fromEntries(request.headers.entries()) };
    calls.push(call);
    const { status = 200, body } = handler(call);
    return new Response(body === undefined || status === 204 ? null : JSON.stringify(body), {
      status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  }));
  return calls;
}

/** Renders with the console's providers: translations and a query cache of its own (no retries, nothing shared). */
export function renderWithI18n(ui: ReactElement) {
  const queries = createQueryClient();
  queries.setDefaultOptions({ queries: { ...queries.getDefaultOptions().queries, retry: false } });
  return render(<QueryClientProvider client={queries}><I18nProvider>{ui}</I18nProvider></QueryClientProvider>);
}
