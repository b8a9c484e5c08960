import type {
  AuditEvent, Connector, ConnectorDefinition, ConnectorRuntimeStatus, FieldViolation, KafkaInstance, Page,
  PreviewResponse, TestMessageResult, TopicInfo, ValidationResponse,
} from './types';

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

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = storedToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? safeParse(text) : undefined;
  if (!response.ok) {
    const problem = (json ?? {}) as { detail?: string; title?: string; errors?: FieldViolation[] };
    const errors = Array.isArray(problem.errors) ? problem.errors : [];
    throw new ApiError(response.status, problem.detail ?? problem.title ?? `HTTP ${response.status}`, errors);
  }
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

const enc = encodeURIComponent;

function query(params: Record<string, string | number | boolean | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

const connectorsPath = (instanceId: string) => `/api/v1/instances/${enc(instanceId)}/connectors`;
const connectorPath = (instanceId: string, name: string) => `${connectorsPath(instanceId)}/${enc(name)}`;

export type ConnectorAction = 'deploy' | 'pause' | 'resume' | 'stop' | 'restart';

export const api = {
  instances: () => request<KafkaInstance[]>('GET', '/api/v1/instances'),
  topics: (instanceId: string) =>
    request<Array<string | TopicInfo>>('GET', `/api/v1/instances/${enc(instanceId)}/topics`)
      .then((list) => list.map((t): TopicInfo => (typeof t === 'string' ? { name: t } : t))),
  connectors: (instanceId: string, filter: { q?: string; status?: string; page?: number; size?: number }) =>
    request<Page<Connector>>('GET', connectorsPath(instanceId) + query(filter)),
  connector: (instanceId: string, name: string) => request<Connector>('GET', connectorPath(instanceId, name)),
  validate: (instanceId: string, definition: ConnectorDefinition) =>
    request<ValidationResponse>('POST', `${connectorsPath(instanceId)}:validate`, definition),
  create: (instanceId: string, definition: ConnectorDefinition) =>
    request<Connector>('POST', connectorsPath(instanceId), definition),
  remove: (instanceId: string, name: string, deleteResources: boolean) =>
    request<void>('DELETE', connectorPath(instanceId, name) + query({ deleteResources })),
  /** A restart from the console restarts the tasks too (Kafka Connect's includeTasks), failed or not. */
  action: (instanceId: string, name: string, action: ConnectorAction) => (action === 'restart'
    ? request<unknown>('POST', `${connectorPath(instanceId, name)}/restart${query({ includeTasks: true, onlyFailed: false })}`,
      { includeTasks: true, onlyFailed: false })
    : request<unknown>('POST', `${connectorPath(instanceId, name)}/${action}`, {})),
  resetOffsets: (instanceId: string, name: string) => request<void>('DELETE', `${connectorPath(instanceId, name)}/offsets`),
  status: (instanceId: string, name: string) =>
    request<ConnectorRuntimeStatus>('GET', `${connectorPath(instanceId, name)}/status`),
  testMessage: (instanceId: string, name: string, message: { key?: string; value: string; partition?: number }) =>
    request<TestMessageResult>('POST', `${connectorPath(instanceId, name)}/test-message`, message),
  preview: (instanceId: string, name: string, params: { partition?: string; limit?: number }) =>
    request<PreviewResponse>('GET', `${connectorPath(instanceId, name)}/preview` + query(params)),
  audit: (target: string) =>
    request<Page<AuditEvent>>('GET', '/api/v1/audit-events' + query({ target, size: 20 })),
};
