/**
 * Names for the REST types the console uses. Every type comes from the control plane's OpenAPI document
 * (generated/schema.ts, written at build time), so a changed REST type breaks the console's type check; and the values
 * the console checks while the user types come from the same document (generated/contract.ts).
 */
import type { components } from './generated/schema';

export { CONTRACT } from './generated/contract';
export {
  connectorDefinitionIsolationValues as ISOLATIONS,
  connectorResponseStatusValues as CONNECTOR_STATES,
  maxComputeDestinationModeValues as MAXCOMPUTE_MODES,
  maxComputeDestinationPartitionTimeValues as PARTITION_TIMES,
  maxComputeDestinationPartitionWindowValues as PARTITION_WINDOWS,
  primaryKeyColumnTypeValues as PRIMARY_KEY_TYPES,
  sourceSettingsFailurePolicyValues as FAILURE_POLICIES,
  sourceSettingsOffsetResetValues as OFFSET_RESETS,
  sourceSettingsResourceCreationValues as RESOURCE_CREATIONS,
  tablestoreDestinationDeleteModeValues as DELETE_MODES,
  tablestoreDestinationJsonConversionValues as JSON_CONVERSIONS,
  tablestoreDestinationKeyFormatValues as MESSAGE_FORMATS,
  tablestoreDestinationModelValues as TABLESTORE_MODELS,
  tablestoreDestinationPrimaryKeyModeValues as PRIMARY_KEY_MODES,
  tablestoreDestinationWriteModeValues as WRITE_MODES,
  timeseriesFieldTypesValues as TIMESERIES_FIELD_TYPES,
  timeseriesTimestampUnitValues as TIMESTAMP_UNITS,
} from './generated/schema';

type Schemas = components['schemas'];

export type KafkaInstance = Schemas['InstanceResponse'];
export type TaskLogLines = Schemas['TaskLogLines'];
export type TopicInfo = Schemas['TopicResponse'];
export type ConnectorDefinition = Schemas['ConnectorDefinition'];
export type Isolation = NonNullable<ConnectorDefinition['isolation']>;
export type Connector = Schemas['ConnectorResponse'];
export type ConnectorPage = Schemas['PageResponseConnectorResponse'];
export type ConnectorState = Connector['status'];
export type SourceSettings = Schemas['SourceSettings'];
export type MaxComputeDestination = Schemas['MaxComputeDestination'];
export type ChangeData = Schemas['ChangeData'];
export type TablestoreDestination = Schemas['TablestoreDestination'];
export type Destination = MaxComputeDestination | TablestoreDestination;
export type DestinationAuth = Schemas['AccessKey'] | Schemas['RamRole'];
export type PrimaryKeyColumn = Schemas['PrimaryKeyColumn'];
export type Timeseries = Schemas['Timeseries'];
export type TimeseriesFieldType = NonNullable<Timeseries['fieldTypes']>[string];
export type McMode = NonNullable<MaxComputeDestination['mode']>;
export type McFormat = NonNullable<MaxComputeDestination['format']>;
export type FieldViolation = Schemas['FieldViolation'];
export type Problem = Schemas['Problem'];
export type ValidationResponse = Schemas['ValidationResponse'];
export type AuthorizationCheck = Schemas['AuthorizationCheckResponse'];
export type ConnectorRuntimeStatus = Schemas['StatusResponse'];
export type ConnectorMetrics = Schemas['ConnectorMetrics'];
export type MetricsSample = Schemas['MetricsSample'];
export type TaskStatus = Schemas['TaskView'];
export type NodeStatus = Schemas['NodeView'];
export type ConsumerLag = Schemas['PartitionLag'];
export type TestMessageRequest = Schemas['TestMessageRequest'];
export type TestMessageResult = Schemas['TestMessageResponse'];
export type PreviewResponse = Schemas['DestinationPreview'];
export type AuditEvent = Schemas['AuditEventResponse'];
export type FailedRecord = Schemas['FailedRecordResponse'];
export type FailedRecordSource = Schemas['FailedRecordPage']['source'];
export type RecordData = Schemas['RecordData'];
export type ReplayRequest = Schemas['ReplayRequest'];
export type ReplayResult = Schemas['ReplayResponse'];
