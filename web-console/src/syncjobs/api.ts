/**
 * Names for the sync-job REST types (issue 17) and the values the console offers, all from the control plane's OpenAPI
 * document (../api/generated): nothing here is a copy of the server's records.
 */
import type { components } from '../api/generated/schema';
import { CONTRACT } from '../api/model';

export {
  scheduleSettingsDaysOfWeekValues as WEEKDAYS,
  scheduleSettingsTypeValues as SCHEDULE_TYPES,
  syncSourceKeyTypeValues as SERIALIZED_TYPES,
} from '../api/generated/schema';

type Schemas = components['schemas'];

export type SyncJobDefinition = Schemas['SyncJobDefinition'];
export type SyncSource = Schemas['SyncSource'];
export type SyncDestination = Schemas['SyncDestination'];
export type MappingLine = Schemas['FieldMappingLine'];
export type ScheduleSettings = Schemas['ScheduleSettings'];
export type RerunPolicy = Schemas['RerunPolicy'];
export type SyncJob = Schemas['SyncJobResponse'];
export type SyncRun = Schemas['SyncRunView'];
export type WindowPreview = Schemas['WindowPreview'];
export type SyncJobValidation = Schemas['SyncJobValidation'];
export type SampleFields = Schemas['SampledFields'];
export type TargetTable = Schemas['TargetTable'];
export type SerializedType = NonNullable<SyncSource['keyType']>;
export type EndStrategy = NonNullable<SyncSource['endStrategy']>;
export type ScheduleType = NonNullable<ScheduleSettings['type']>;
export type RunState = SyncRun['state'];

/** The six fields every Kafka record offers, as the server maps them (seed 002). */
export const KAFKA_FIELDS: readonly string[] = CONTRACT.syncJob.kafkaFields;
