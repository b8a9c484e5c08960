/** The sync jobs' data layer, as ../api/hooks is the connectors': a query per resource, mutations that invalidate it. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, client } from '../api/client';
import type { SyncJobDefinition } from './api';

const LIST_REFRESH_MS = 5000;
const DETAIL_REFRESH_MS = 3000;

export const syncKeys = {
  jobs: (instanceId: string) => ['instances', instanceId, 'sync-jobs'] as const,
  job: (instanceId: string, name: string) => [...syncKeys.jobs(instanceId), 'one', name] as const,
  runs: (instanceId: string, name: string) => [...syncKeys.job(instanceId, name), 'runs'] as const,
};

const jobPath = (instanceId: string, name: string) => ({ params: { path: { instanceId, name } } });

export function useSyncJobs(instanceId: string) {
  return useQuery({
    queryKey: [...syncKeys.jobs(instanceId), 'list'],
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/sync-jobs', {
      params: { path: { instanceId }, query: { page: 0, size: 20 } },
    })),
    refetchInterval: LIST_REFRESH_MS,
    placeholderData: keepPreviousData,
  });
}

export function useSyncJob(instanceId: string, name: string) {
  return useQuery({
    queryKey: syncKeys.job(instanceId, name),
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/sync-jobs/{name}', jobPath(instanceId, name))),
    refetchInterval: DETAIL_REFRESH_MS,
  });
}

export function useSyncRuns(instanceId: string, name: string) {
  return useQuery({
    queryKey: syncKeys.runs(instanceId, name),
    queryFn: () => call(client.GET('/api/v1/instances/{instanceId}/sync-jobs/{name}/runs', {
      params: { path: { instanceId, name }, query: { page: 0, size: 20 } },
    })),
    refetchInterval: DETAIL_REFRESH_MS,
  });
}

export function useValidateSyncJob(instanceId: string) {
  return useMutation({
    mutationFn: (job: SyncJobDefinition) => call(client.POST('/api/v1/instances/{instanceId}/sync-jobs:validate', {
      params: { path: { instanceId } }, body: job,
    })),
  });
}

export function useCreateSyncJob(instanceId: string) {
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (job: SyncJobDefinition) => call(client.POST('/api/v1/instances/{instanceId}/sync-jobs', {
      params: { path: { instanceId } }, body: job,
    })),
    onSuccess: () => queries.invalidateQueries({ queryKey: syncKeys.jobs(instanceId) }),
  });
}

export function useSampleFields(instanceId: string) {
  return useMutation({
    mutationFn: ({ topic, encoding }: { topic: string; encoding?: string }) =>
      call(client.POST('/api/v1/instances/{instanceId}/sync-jobs:sample-fields', {
        params: { path: { instanceId } }, body: { topic, encoding },
      })),
  });
}

/** Pause, resume, delete, trial run, rerun and the target table: each refreshes the job and its runs. */
export function useSyncJobActions(instanceId: string, name: string) {
  const queries = useQueryClient();
  const target = jobPath(instanceId, name);
  const refresh = () => queries.invalidateQueries({ queryKey: syncKeys.job(instanceId, name) });
  return {
    setEnabled: useMutation({
      mutationFn: (enabled: boolean) => (enabled
        ? call(client.POST('/api/v1/instances/{instanceId}/sync-jobs/{name}/resume', target))
        : call(client.POST('/api/v1/instances/{instanceId}/sync-jobs/{name}/pause', target))),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: () => call(client.DELETE('/api/v1/instances/{instanceId}/sync-jobs/{name}', target)),
      onSuccess: () => queries.invalidateQueries({ queryKey: syncKeys.jobs(instanceId) }),
    }),
    trialRun: useMutation({
      mutationFn: ({ parameters, scheduledTime }: { parameters: Record<string, string>; scheduledTime?: string }) =>
        call(client.POST('/api/v1/instances/{instanceId}/sync-jobs/{name}/runs', { ...target, body: { parameters, scheduledTime } })),
      onSuccess: refresh,
    }),
    rerun: useMutation({
      mutationFn: (runId: number) => call(client.POST('/api/v1/instances/{instanceId}/sync-jobs/{name}/runs/{runId}/rerun', {
        params: { path: { instanceId, name, runId } },
      })),
      onSuccess: refresh,
    }),
    targetTable: useMutation({
      mutationFn: (create: boolean) => (create
        ? call(client.POST('/api/v1/instances/{instanceId}/sync-jobs/{name}/target-table', target))
        : call(client.GET('/api/v1/instances/{instanceId}/sync-jobs/{name}/target-table', target))),
    }),
  };
}
