import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './generated/schema';
import type { FieldViolation, Problem } from './model';

const TOKEN_KEY = 'connectors.token';

export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** An answer other than 2xx, carrying the problem+json document's {@code errors}. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly errors: FieldViolation[]) {
    super(message);
  }
}

const bearerToken: Middleware = {
  onRequest({ request }) {
    const token = storedToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept', 'application/json, application/problem+json');
    return request;
  },
};

/** The control plane's API, typed by its OpenAPI document: paths, parameters, bodies and answers. */
export const client = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? '',
  // looked up on each call, so a replaced fetch (tests) is the one used
  fetch: (request) => globalThis.fetch(request),
});
client.use(bearerToken);

/** The answer's data; anything but 2xx becomes an {@link ApiError} with the problem's field errors. */
export async function call<T>(answer: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await answer;
  if (!response.ok) {
    const problem = (typeof error === 'object' && error !== null ? error : { detail: String(error ?? '').slice(0, 300) }) as
      Partial<Problem>;
    throw new ApiError(response.status, problem.detail || problem.title || `HTTP ${response.status}`,
      Array.isArray(problem.errors) ? problem.errors : []);
  }
  return data as T;
}
