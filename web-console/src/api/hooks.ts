/**
 * The console's one data layer: a query hook per resource with structured keys, and mutations that invalidate exactly
 * what they change. Components render these hooks and never fetch; refreshing (a list that follows deployments, a
 * status that follows an action) is decided here, once.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client, storeToken } from './client';
import type { ConnectorDefinition, FailedRecordSource, ReplayRequest, TestMessageRequest } from './model';

/** The list and its counts follow deployments without a reload; closely while a connector is being deleted. */
const LIST_REFRESH_MS = 5000;
const DELETING_REFRESH_MS = 1000;
/** A connector's status refreshes on its own; faster while an action is under way. */
const STATUS_REFRESH_MS = 3000;
const STATUS_REFRESH_BUSY_MS = 1000;

export interface ConnectorFilter {
  q?: string;
  status?: string;
  page?: number;
  size?: number;
}

export type ConnectorAction = 'deploy' | 'pause' | 'resume' | 'stop' | 'restart';

export const queryKeys = {
  instances: ['instances'] as const,
  topics: (instanceId: string) => ['instances', instanceId, 'topics'] as const,
  connectors: (instanceId: string) => ['instances', instanceId, 'connectors'] as const,
  connectorLists: (instanceId: string) => [...queryKeys.connectors(instanceId), 'list'] as const,
  connectorList: (instanceId: string, filter: ConnectorFilter) => [...queryKeys.connectorLists(instanceId), filter] as const,
  connector: (instanceId: string, name: string) => [...queryKeys.connectors(instanceId), 'one', name] as const,
  status: (instanceId: string, name: string) => [...queryKeys.connector(instanceId, name), 'status'] as const,
  metricsHistory: (instanceId: string, name: string) => [...queryKeys.connector(instanceId, name), 'metrics'] as const,
  preview: (instanceId: string, name: string, params: { table?: string; partition?: string; limit?: number }) =>
    [...queryKeys.connector(instanceId, name), 'preview', params] as const,
  failedRecords: (instanceId: string, name: string, params: FailedRecordQuery) =>
    [...queryKeys.connector(instanceId, name), 'failed-records', params] as const,
  audit: (target: string) => ['audit', target] as const,
};

const path = (instanceId: string, name: string) => ({ params: { path: { instanceId, name } } });

/** Keeps the token for this tab once a read the API allows any valid token succeeds with it. */
export function useSignIn() {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async (token: string) => {
      storeToken(token);
      try {
        return await call(client.GET('/api/v1/instances'));
      } catch (e) {
        storeToken(null);
        throw e;
      }
    },
    onSuccess: (instances) => queries.setQueryData(queryKeys.instances, instances),
  });
}

export function useInstances(enabled = true) {
  return useQuery({
    queryKey: queryKeys.instances,
    queryFn: () => call(client.GET('/api/v1/instances')),
    enabled,
  });
}

export function useTopics(instanceId: string) {
  return useQuery({
    queryKey: queryKeys.topics(instanceId),
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/topics', { params: { path: { instanceId } } })),
  });
}

export function useConnectors(instanceId: string, filter: ConnectorFilter) {
  return useQuery({
    queryKey: queryKeys.connectorList(instanceId, filter),
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/connectors', {
      params: { path: { instanceId }, query: { ...filter, q: filter.q || undefined, status: filter.status || undefined } },
    })),
    refetchInterval: (query) => (query.state.data?.items.some((c) => c.status === 'DELETING')
      ? DELETING_REFRESH_MS : LIST_REFRESH_MS),
    placeholderData: keepPreviousData,
  });
}

/** How many connectors each state has: one size-1 page per state, so the numbers stay exact with any number. */
export function useConnectorCounts(instanceId: string, q: string, states: readonly string[]) {
  return useQuery({
    queryKey: [...queryKeys.connectorLists(instanceId), 'counts', q],
    queryFn: async () => Object.fromEntries(await Promise.all(['', ...states].map(async (status) => {
      const page = await call(client.GET('/api/v1/instances/{instanceId}/connectors', {
        params: { path: { instanceId }, query: { q: q || undefined, status: status || undefined, size: 1 } },
      }));
      return [status, page.totalItems] as const;
    }))) as Record<string, number>,
    refetchInterval: LIST_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useConnector(instanceId: string, name: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.connector(instanceId, name),
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/connectors/{name}', path(instanceId, name))),
    enabled: enabled && name !== '',
    // a DELETE is finished in the background: follow it until the connector is gone (404)
    refetchInterval: (query) => (query.state.data?.status === 'DELETING' ? DELETING_REFRESH_MS : false),
  });
}

/** The runtime status; {@code busy} while an action waits for its state, to follow it closely. */
export function useConnectorStatus(instanceId: string, name: string, busy: boolean) {
  return useQuery({
    queryKey: queryKeys.status(instanceId, name),
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/connectors/{name}/status', path(instanceId, name))),
    refetchInterval: busy ? STATUS_REFRESH_BUSY_MS : STATUS_REFRESH_MS,
    retry: false,
  });
}

/** The connector's recent figures (an hour of samples), refreshed at the control plane's sample interval. */
export function useMetricsHistory(instanceId: string, name: string) {
  return useQuery({
    queryKey: queryKeys.metricsHistory(instanceId, name),
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/connectors/{name}/metrics/history', path(instanceId, name))),
    refetchInterval: (query) => Math.max(1000, (query.state.data?.sampleIntervalSeconds ?? 5) * 1000),
    retry: false,
  });
}

export function usePreview(instanceId: string, name: string,
  params: { table?: string; partition?: string; limit?: number }) {
  return useQuery({
    queryKey: queryKeys.preview(instanceId, name, params),
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/connectors/{name}/preview', {
      params: { path: { instanceId, name }, query: params },
    })),
    retry: false,
  });
}

export interface FailedRecordQuery {
  source: FailedRecordSource;
  cursor?: string;
  size: number;
}

/** A page of the connector's error (or dead-letter) topic, newest first; read when asked, not polled. */
export function useFailedRecords(instanceId: string, name: string, params: FailedRecordQuery) {
  return useQuery({
    queryKey: queryKeys.failedRecords(instanceId, name, params),
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/connectors/{name}/failed-records', {
      params: { path: { instanceId, name }, query: params },
    })),
    retry: false,
  });
}

/** Sends failed records back to their source topic; the pages are read again to show them replayed. */
export function useReplayFailedRecords(instanceId: string, name: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (body: ReplayRequest) => call(client.POST('/api/v1/instances/{instanceId}/connectors/{name}/failed-records/replay', {
      params: { path: { instanceId, name } }, body,
    })),
    onSuccess: () => queries.invalidateQueries({ queryKey: [...queryKeys.connector(instanceId, name), 'failed-records'] }),
  });
}

export function useAudit(target: string) {
  return useQuery({
    queryKey: queryKeys.audit(target),
    queryFn: () => call(client.GET('/api/v1/audit-events', { params: { query: { target, size: 20 } } })),
  });
}

/** Runs every check of create and saves nothing: the wizard's step-by-step validation. */
export function useValidateConnector(instanceId: string) {
  return useMutation({
    mutationFn: (definition: ConnectorDefinition) => call(client.POST('/api/v1/instances/{instanceId}/connectors:validate', {
      params: { path: { instanceId } }, body: definition,
    })),
  });
}

/** Whether the connector service may act on the destination: the role, its trust policy and grants (saves nothing). */
export function useCheckAuthorization(instanceId: string) {
  return useMutation({
    mutationFn: (definition: ConnectorDefinition) => call(client.POST(
      '/api/v1/instances/{instanceId}/connectors:check-authorization', { params: { path: { instanceId } }, body: definition })),
  });
}

/** Creates the service-linked role Tablestore connectors write with, when the check reported it missing. */
export function useCreateServiceLinkedRole(instanceId: string) {
  return useMutation({
    mutationFn: () => call(client.POST('/api/v1/instances/{instanceId}/connectors:create-service-linked-role',
      { params: { path: { instanceId } } })),
  });
}

/** The connector as stored, with its ETag, for the edit and clone wizards: read once, not refreshed under the user. */
export function useConnectorForEdit(instanceId: string, name: string) {
  return useQuery({
    queryKey: [...queryKeys.connector(instanceId, name), 'edit'],
    queryFn: async () => {
      const answer = await client.GET('/api/v1/instances/{instanceId}/connectors/{name}', path(instanceId, name));
      const connector = await call(Promise.resolve(answer));
      return { connector, etag: answer.response.headers.get('ETag') ?? undefined };
    },
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    gcTime: 0,
  });
}

/** PUT with If-Match: a definition someone else saved since it was read is refused (412), not overwritten. */
export function useUpdateConnector(instanceId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ name, definition, etag }: { name: string; definition: ConnectorDefinition; etag?: string }) =>
      call(client.PUT('/api/v1/instances/{instanceId}/connectors/{name}', {
        params: { path: { instanceId, name }, header: etag ? { 'If-Match': etag } : undefined }, body: definition,
      })),
    onSuccess: (_, { name }) => {
      void queries.invalidateQueries({ queryKey: queryKeys.connector(instanceId, name) });
      void queries.invalidateQueries({ queryKey: queryKeys.connectorLists(instanceId) });
    },
  });
}

export function useCreateConnector(instanceId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (definition: ConnectorDefinition) => call(client.POST('/api/v1/instances/{instanceId}/connectors', {
      params: { path: { instanceId } }, body: definition,
    })),
    onSuccess: () => queries.invalidateQueries({ queryKey: queryKeys.connectorLists(instanceId) }),
  });
}

/** Deploy, pause, resume, stop, restart; a restart from the console restarts the tasks too, failed or not. */
export function useConnectorAction(instanceId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ name, action }: { name: string; action: ConnectorAction }) => {
      const target = path(instanceId, name);
      switch (action) {
        case 'deploy': return call(client.POST('/api/v1/instances/{instanceId}/connectors/{name}/deploy', target));
        case 'pause': return call(client.POST('/api/v1/instances/{instanceId}/connectors/{name}/pause', target));
        case 'resume': return call(client.POST('/api/v1/instances/{instanceId}/connectors/{name}/resume', target));
        case 'stop': return call(client.POST('/api/v1/instances/{instanceId}/connectors/{name}/stop', target));
        case 'restart': return call(client.POST('/api/v1/instances/{instanceId}/connectors/{name}/restart', {
          params: { path: { instanceId, name }, query: { includeTasks: true, onlyFailed: false } },
        }));
      }
    },
    onSuccess: (_, { name }) => invalidateConnector(queries, instanceId, name),
  });
}

export function useResetOffsets(instanceId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => call(client.DELETE('/api/v1/instances/{instanceId}/connectors/{name}/offsets',
      path(instanceId, name))),
    onSuccess: (_, name) => invalidateConnector(queries, instanceId, name),
  });
}

export function useDeleteConnector(instanceId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: ({ name, deleteResources }: { name: string; deleteResources: boolean }) =>
      call(client.DELETE('/api/v1/instances/{instanceId}/connectors/{name}', {
        params: { path: { instanceId, name }, query: { deleteResources } },
      })),
    // 202: the connector is DELETING until the control plane has stopped it and deleted what it created
    onSuccess: (deleting, { name }) => {
      queries.setQueryData(queryKeys.connector(instanceId, name), deleting);
      return queries.invalidateQueries({ queryKey: queryKeys.connectorLists(instanceId) });
    },
  });
}

export function useSendTestMessage(instanceId: string, name: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (message: TestMessageRequest) => call(client.POST(
      '/api/v1/instances/{instanceId}/connectors/{name}/test-message', { ...path(instanceId, name), body: message })),
    onSuccess: () => queries.invalidateQueries({ queryKey: queryKeys.status(instanceId, name) }),
  });
}

function invalidateConnector(queries: ReturnType<typeof useQueryClient>, instanceId: string, name: string) {
  return Promise.all([
    queries.invalidateQueries({ queryKey: queryKeys.connector(instanceId, name) }),
    queries.invalidateQueries({ queryKey: queryKeys.connectorLists(instanceId) }),
    queries.invalidateQueries({ queryKey: ['audit'] }),
  ]);
}
