/** Shapes of the control plane's REST API (issue 2 and issue 5). The API is the source of truth. */

export const CONNECTOR_STATES = [
  'NOT_DEPLOYED', 'DEPLOYING', 'UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING', 'UNKNOWN',
] as const;
export type ConnectorState = (typeof CONNECTOR_STATES)[number];

export const CONCURRENCIES = [1, 2, 3, 6, 12] as const;

export interface FieldViolation {
  field: string;
  rule: string;
  message: string;
}

export interface KafkaInstance {
  id: string;
  name: string;
  bootstrapServers: string;
}

export type DestinationAuth =
  | { type: 'ACCESS_KEY'; accessKeyId?: string; accessKeySecret?: string }
  | { type: 'RAM_ROLE'; accountId?: string; roleName?: string; stsEndpoint?: string; clientTimeoutMs?: number };

export interface SourceSettings {
  topic?: string;
  concurrency?: number;
  offsetReset?: 'EARLIEST' | 'LATEST';
  failurePolicy?: 'CONTINUE' | 'STOP';
  resourceCreation?: 'AUTO' | 'MANUAL';
  consumerGroup?: string;
  offsetTopic?: string;
  configTopic?: string;
  statusTopic?: string;
  deadLetterTopic?: string;
  errorTopic?: string;
}

export type McMode = 'KEY' | 'VALUE' | 'DEFAULT';
export type McFormat = 'TEXT' | 'BINARY' | 'CSV' | 'JSON' | 'FLATTEN';

export interface MaxComputeDestination {
  type: 'MAXCOMPUTE';
  endpoint?: string;
  tunnelEndpoint?: string;
  project?: string;
  schema?: string;
  table?: string;
  region?: string;
  auth?: DestinationAuth;
  mode?: McMode;
  format?: McFormat;
  partitionWindow?: 'DAY' | 'HOUR' | 'MINUTE';
  timeZone?: string;
  useStreaming?: boolean;
  bufferSizeKb?: number;
  sinkPoolSize?: number;
  recordBatchSize?: number;
}

export type PrimaryKeyMode = 'KAFKA' | 'RECORD_KEY' | 'RECORD_VALUE';
export type MessageFormat = 'STRING' | 'JSON';
export type TimeseriesFieldType = 'DOUBLE' | 'INTEGER' | 'STRING' | 'BINARY' | 'BOOLEAN';

export interface PrimaryKeyColumn {
  name: string;
  type: 'STRING' | 'INTEGER';
}

export interface Timeseries {
  metricNameField?: string;
  dataSourceField?: string;
  tagFields?: string[];
  timestampField?: string;
  timestampUnit?: 'SECONDS' | 'MILLISECONDS' | 'MICROSECONDS' | 'NANOSECONDS';
  mapAllFields?: boolean;
  fieldTypes?: Record<string, TimeseriesFieldType>;
}

export interface TablestoreDestination {
  type: 'TABLESTORE';
  endpoint?: string;
  instanceName?: string;
  auth?: DestinationAuth;
  autoCreateTable?: boolean;
  tableName?: string;
  model?: 'WIDE_COLUMN' | 'TIMESERIES';
  keyFormat?: MessageFormat;
  valueFormat?: MessageFormat;
  jsonConversion?: 'ALL_STRING' | 'AUTO_TYPE';
  primaryKeyMode?: PrimaryKeyMode;
  primaryKeyColumns?: PrimaryKeyColumn[];
  writeMode?: 'PUT' | 'UPDATE';
  deleteMode?: 'NONE' | 'ROW' | 'COLUMN' | 'ROW_AND_COLUMN';
  timeseries?: Timeseries;
}

export type Destination = MaxComputeDestination | TablestoreDestination;

export interface ConnectorDefinition {
  name?: string;
  description?: string;
  /** Worker nodes running the connector (1 to 16, default 1). */
  replicas?: number;
  source?: SourceSettings;
  destination?: Destination;
}

export interface Connector extends ConnectorDefinition {
  instanceId: string;
  name: string;
  status: ConnectorState;
  createdAt?: string;
  updatedAt?: string;
}

export interface Page<T> {
  items: T[];
  page: number;
  size: number;
  totalItems: number;
  totalPages: number;
}

export interface ValidationResponse {
  valid: boolean;
  errors: FieldViolation[];
  warnings: FieldViolation[];
  definition?: ConnectorDefinition;
}

export interface TaskStatus {
  id: number;
  state: string;
  node?: string;
  /** Kafka Connect's own name for the node, when the status passes it through. */
  workerId?: string;
  trace?: string;
}

/** Consumer lag of {@code connect-<name>}: a list per partition, a partition → lag map, or both wrapped with a total. */
export type ConsumerLag =
  | Array<{ partition: number | string; lag: number; topic?: string }>
  | Record<string, number>
  | { total?: number; partitions: Array<{ partition: number | string; lag: number; topic?: string }> };

/** Issue 5's status document; {@code lag} comes either as a list or as a partition → lag map. */
export interface ConnectorRuntimeStatus {
  state: ConnectorState;
  tasks?: TaskStatus[];
  lag?: ConsumerLag;
  recordsPerSecond?: number;
  totalLag?: number;
  trace?: string;
  nodes?: NodeStatus[];
  conditions?: Condition[];
  /** The oldest current report the state rests on. */
  observedAt?: string;
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface NodeStatus {
  id: string;
  host?: string;
  live: boolean;
  state?: string;
  worker?: { pid?: number; restarts?: number; restUrl?: string; lastExit?: { exitCode?: number; at?: string } };
  reportedAt?: string;
  lastHeartbeat?: string;
  heartbeatAgeSeconds?: number;
  /** The node's heartbeat is late: what it reported is not current. */
  late?: boolean;
}

export interface TopicInfo {
  name: string;
  partitions?: number;
}

export interface TestMessageResult {
  topic: string;
  partition: number;
  offset: number;
  timestamp: string;
}

export interface AuditEvent {
  id: number;
  occurredAt: string;
  actor: string;
  action: string;
  target: string;
  details: unknown;
}

/** What the console asks of the control plane's preview endpoint (specified in the console's report). */
export interface PreviewResponse {
  columns: string[];
  rows: unknown[][];
  partitions?: string[];
}
