/**
 * The sync-job REST types and calls (issue 17). They mirror the control plane's records (SyncJobDefinition,
 * SyncJobResponse, SyncRunView, WindowPreview ...) and will be replaced by the client generated from the OpenAPI
 * document, like the rest of the console's.
 */
import { request } from '../api/client';
import type { FieldViolation, Page } from '../api/types';

export type SerializedType = 'BYTEARRAY' | 'STRING' | 'LONG' | 'INTEGER' | 'SHORT' | 'DOUBLE' | 'FLOAT';
export type EndStrategy = 'REACH_END_OFFSETS' | 'NO_NEW_DATA';
export type ScheduleType = 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';
export type RunState = 'WAITING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'MISSED';

export const SERIALIZED_TYPES: readonly SerializedType[] = ['STRING', 'BYTEARRAY', 'LONG', 'INTEGER', 'SHORT', 'DOUBLE', 'FLOAT'];
export const SCHEDULE_TYPES: readonly ScheduleType[] = ['MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH'];
export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export const KAFKA_FIELDS = ['__key__', '__value__', '__partition__', '__headers__', '__offset__', '__timestamp__'];

export interface SyncSource {
  topic?: string; consumerGroup?: string; keyType?: SerializedType; valueType?: SerializedType; encoding?: string;
  timeZone?: string; startTime?: string; endTime?: string; endStrategy?: EndStrategy; noNewDataSeconds?: number;
}
export interface SyncDestination {
  endpoint?: string; tunnelEndpoint?: string; project?: string; schema?: string; table?: string; partition?: string;
  auth?: { type: 'ACCESS_KEY'; accessKeyId?: string; accessKeySecret?: string };
}
export interface MappingLine { source: string; column: string }
export interface ScheduleSettings {
  type?: ScheduleType; interval?: number; startTime?: string; endTime?: string; time?: string;
  daysOfWeek?: string[]; daysOfMonth?: number[];
}
export interface RerunPolicy { onFailure?: boolean; times?: number; intervalSeconds?: number }
export interface SyncJobDefinition {
  name?: string; description?: string; source?: SyncSource; destination?: SyncDestination; mapping?: MappingLine[];
  parameters?: Record<string, string>; schedule?: ScheduleSettings; rerun?: RerunPolicy; enabled?: boolean;
}
export interface WindowPreview { scheduledTime: string; windowStart: string; windowEnd: string; partition: string }
export interface SyncRun {
  id: number; job: string; trigger: 'SCHEDULE' | 'MISSED' | 'TRIAL' | 'RERUN'; scheduledTime?: string; scheduledBy?: string;
  windowStart?: string; windowEnd?: string; partition?: string; parameters: Record<string, string>; state: RunState;
  attempt: number; maxAttempts: number; node?: string; recordsRead?: number; recordsWritten?: number; lateRecords: number;
  durationMillis?: number; error?: string; notBefore?: string; createdAt: string; startedAt?: string; finishedAt?: string;
}
export interface SyncJob extends Required<Pick<SyncJobDefinition, 'name'>> {
  instanceId: string; description?: string; enabled: boolean; source: SyncSource; destination: SyncDestination;
  mapping: MappingLine[]; parameters: Record<string, string>; schedule: ScheduleSettings; rerun: RerunPolicy;
  nextRuns: WindowPreview[]; lastRun?: SyncRun; createdAt: string; updatedAt: string;
}
export interface SyncJobValidation { valid: boolean; errors: FieldViolation[]; job: SyncJobDefinition; nextRuns: WindowPreview[] }
export interface SampleFields { kafkaFields: string[]; paths: string[]; sample?: string }
export interface TargetTable { project: string; table: string; sql: string; created: boolean }

const enc = encodeURIComponent;
const jobsPath = (instanceId: string) => `/api/v1/instances/${enc(instanceId)}/sync-jobs`;
const jobPath = (instanceId: string, name: string) => `${jobsPath(instanceId)}/${enc(name)}`;

export const syncApi = {
  list: (instanceId: string, q = '', page = 0) =>
    request<Page<SyncJob>>('GET', `${jobsPath(instanceId)}?q=${enc(q)}&page=${page}&size=20`),
  get: (instanceId: string, name: string) => request<SyncJob>('GET', jobPath(instanceId, name)),
  validate: (instanceId: string, job: SyncJobDefinition) =>
    request<SyncJobValidation>('POST', `${jobsPath(instanceId)}:validate`, job),
  create: (instanceId: string, job: SyncJobDefinition) => request<SyncJob>('POST', jobsPath(instanceId), job),
  remove: (instanceId: string, name: string) => request<void>('DELETE', jobPath(instanceId, name)),
  setEnabled: (instanceId: string, name: string, enabled: boolean) =>
    request<SyncJob>('POST', `${jobPath(instanceId, name)}/${enabled ? 'resume' : 'pause'}`),
  sampleFields: (instanceId: string, topic: string, encoding?: string) =>
    request<SampleFields>('POST', `${jobsPath(instanceId)}:sample-fields`, { topic, encoding }),
  runs: (instanceId: string, name: string, page = 0) =>
    request<Page<SyncRun>>('GET', `${jobPath(instanceId, name)}/runs?page=${page}&size=20`),
  trialRun: (instanceId: string, name: string, parameters: Record<string, string>, scheduledTime?: string) =>
    request<SyncRun>('POST', `${jobPath(instanceId, name)}/runs`, { parameters, scheduledTime: scheduledTime || undefined }),
  rerun: (instanceId: string, name: string, runId: number) =>
    request<SyncRun>('POST', `${jobPath(instanceId, name)}/runs/${runId}/rerun`),
  targetTable: (instanceId: string, name: string, create: boolean) =>
    request<TargetTable>(create ? 'POST' : 'GET', `${jobPath(instanceId, name)}/target-table`),
};
