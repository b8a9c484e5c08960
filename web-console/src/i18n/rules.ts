import { CONTRACT, type FieldViolation } from '../api/model';
import type { Language } from './i18n';
import { en as labelsEn, zh as labelsZh, type MessageKey } from './messages';

/**
 * The server's errors in the console's language, by rule name (a rule id is the field path plus the rule's name; the
 * names are the control plane's RuleCatalogue, in the OpenAPI document as CONTRACT.ruleNames). {field} is the field's
 * label where the console has one, else its path. English shows the server's own text, which names the values at
 * fault; a name without a translation falls back to it too.
 */
export const en: Record<string, string> = {
  'absent': '{field}: the record is no longer in the error topic',
  'active': '{field}: the consumer group still has active members; stop the connector first',
  'agentToken': '{field}: the agent token does not belong to this agent',
  'allowed': '{field} must be one of the allowed values',
  'bad-request': 'the request is malformed',
  'bootstrapServers': '{field} must be a list of host:port',
  'builtin': '{field}: the built-in token cannot be changed',
  'changedSinceRead': '{field}: someone else saved this after you read it; reload and apply your change again',
  'characters': '{field} contains characters that are not allowed',
  'cleanupPolicy': '{field} must be a topic with cleanup.policy=compact',
  'columns': "{field}: the table's columns do not fit the chosen format and mode",
  'concrete': '{field} must name one concrete media type',
  'content-too-large': 'the request is too large',
  'coordinates': '{field}: the topic, partition and offset do not name a record',
  'createTable': '{field}: the table could not be created',
  'deleting': '{field}: the connector is being deleted',
  'distinct': '{field} must not be the same topic as another one',
  'duplicate': '{field} appears more than once in the request',
  'encoding': '{field} is not valid %-encoded UTF-8',
  'exists': '{field}: what it names does not exist',
  'format': '{field} is not in the expected format',
  'grants': '{field}: the role has not been granted access to the table yet; the project owner must run the grant statements',
  'immutable': '{field} cannot be changed once created',
  'immutableWhileDeployed': '{field} cannot change while the connector is deployed; stop it first',
  'internal': 'an unexpected error occurred; see the control plane log',
  'internal-server-error': 'an unexpected error occurred; see the control plane log',
  'inUse': '{field} is still in use',
  'invalid': '{field} is not valid',
  'json': '{field}: the request body must be JSON',
  'length': '{field} is too long',
  'matchesTable': "{field} does not match the table's primary key",
  'method-not-allowed': '{field}: this method is not allowed here',
  'min': '{field} is below its minimum',
  'missing': '{field} is missing',
  'model': '{field} does not apply to the chosen model',
  'name': '{field} is not a valid name',
  'not-acceptable': '{field}: the API answers only JSON',
  'not-found': '{field}: not found',
  'notAssumable': '{field}: the RAM role cannot be assumed',
  'notDeployed': '{field}: the connector is not deployed',
  'notFound': '{field}: not found',
  'notStopped': '{field}: stop the connector first',
  'noWindow': '{field}: there is no window to run yet',
  'open': '{field}: a run is still in progress',
  'owned': '{field} is already used by another connector',
  'partitions': '{field} has the wrong number of partitions',
  'pattern': '{field} does not have the required form',
  'placeholders': '{field} uses placeholders that are not supported',
  'primaryKeyMode': '{field} does not apply to the chosen primary key mode',
  'range': '{field} is out of range',
  'refused': '{field}: refused by the service',
  'request-header-fields-too-large': 'the request headers are too large',
  'required': '{field} is required',
  'role': "{field}: this token's role may not do this",
  'roleUnavailable': '{field}: the RAM role is not available',
  'routed': '{field} is not a table the connector writes',
  'single': '{field}: the connector writes only one table',
  'size': '{field} is too large',
  'stopTimeout': '{field}: the connector did not stop in time',
  'structure': '{field} is nested too deeply',
  'taken': '{field} is used by another application or job; choose one of its own',
  'topic': "{field} is not the connector's error topic",
  'trustPolicy': "{field}: the role's trust policy does not trust the connector service; set the trust policy shown",
  'type': '{field} has the wrong type',
  'unavailable': '{field}: the service could not be reached',
  'unchecked': '{field} could not be checked',
  'unique': '{field} is already taken',
  'unknown': '{field} is not known',
  'unpartitioned': '{field}: the table has no partitions',
  'unreachable': '{field}: could not be reached',
  'unreadable': '{field} is not readable JSON',
  'unsupported': '{field} is not supported here',
  'unsupported-media-type': '{field}: the media type is not supported',
  'uri-too-long': 'the request URI is too long',
  'url': '{field} must be an http:// or https:// URL',
};

export const zh: Record<string, string> = {
  'absent': '{field}：该记录已不在错误 Topic 中',
  'active': '{field}：消费组仍有活跃成员，请先停止 Connector',
  'agentToken': '{field}：该 Agent 令牌不属于此 Agent',
  'allowed': '{field} 必须是允许的取值之一',
  'bad-request': '请求格式错误',
  'bootstrapServers': '{field} 必须是 host:port 列表',
  'builtin': '{field}：内置令牌不能修改',
  'changedSinceRead': '{field}：在您读取之后已有他人保存，请重新加载后再修改',
  'characters': '{field} 含有不允许的字符',
  'cleanupPolicy': '{field} 必须是 cleanup.policy=compact 的 Topic',
  'columns': '{field}：表的列与所选格式和模式不匹配',
  'concrete': '{field} 必须指定一个具体的媒体类型',
  'content-too-large': '请求过大',
  'coordinates': '{field}：Topic、分区和位点未指向任何记录',
  'createTable': '{field}：无法创建该表',
  'deleting': '{field}：Connector 正在删除中',
  'distinct': '{field} 不能与其他 Topic 相同',
  'duplicate': '{field} 在请求中出现了多次',
  'encoding': '{field} 不是合法的 %-编码 UTF-8',
  'exists': '{field}：指定的对象不存在',
  'format': '{field} 格式不正确',
  'grants': '{field}：该角色尚未获得表的访问权限，需由项目所有者执行授权语句',
  'immutable': '{field} 创建后不能修改',
  'immutableWhileDeployed': '{field} 在 Connector 部署期间不能修改，请先停止',
  'internal': '发生意外错误，请查看控制面日志',
  'internal-server-error': '发生意外错误，请查看控制面日志',
  'inUse': '{field} 仍在使用中',
  'invalid': '{field} 无效',
  'json': '{field}：请求体必须是 JSON',
  'length': '{field} 过长',
  'matchesTable': '{field} 与表的主键不匹配',
  'method-not-allowed': '{field}：此处不允许该方法',
  'min': '{field} 小于最小值',
  'missing': '{field} 缺失',
  'model': '{field} 不适用于所选的数据模型',
  'name': '{field} 不是合法的名称',
  'not-acceptable': '{field}：接口只返回 JSON',
  'not-found': '{field}：未找到',
  'notAssumable': '{field}：无法扮演该 RAM 角色',
  'notDeployed': '{field}：Connector 尚未部署',
  'notFound': '{field}：未找到',
  'notStopped': '{field}：请先停止 Connector',
  'noWindow': '{field}：暂无可运行的时间窗口',
  'open': '{field}：仍有运行中的任务',
  'owned': '{field} 已被其他 Connector 使用',
  'partitions': '{field} 的分区数不符合要求',
  'pattern': '{field} 格式不符合要求',
  'placeholders': '{field} 使用了不支持的占位符',
  'primaryKeyMode': '{field} 不适用于所选的主键模式',
  'range': '{field} 超出允许范围',
  'refused': '{field}：被服务拒绝',
  'request-header-fields-too-large': '请求头过大',
  'required': '{field} 为必填项',
  'role': '{field}：该令牌的角色无权执行此操作',
  'roleUnavailable': '{field}：RAM 角色不可用',
  'routed': '{field} 不是该 Connector 写入的表',
  'single': '{field}：该 Connector 只写入一张表',
  'size': '{field} 过大',
  'stopTimeout': '{field}：Connector 未能及时停止',
  'structure': '{field} 嵌套层级过深',
  'taken': '{field} 已被其他应用或任务使用，请使用专属的值',
  'topic': '{field} 不是该 Connector 的错误 Topic',
  'trustPolicy': '{field}：该角色的信任策略未信任 Connector 服务，请设置所示的信任策略',
  'type': '{field} 类型错误',
  'unavailable': '{field}：无法访问该服务',
  'unchecked': '{field} 无法校验',
  'unique': '{field} 已被占用',
  'unknown': '{field} 未知',
  'unpartitioned': '{field}：该表没有分区',
  'unreachable': '{field}：无法连接',
  'unreadable': '{field} 不是可读的 JSON',
  'unsupported': '{field} 在此不受支持',
  'unsupported-media-type': '{field}：不支持该媒体类型',
  'uri-too-long': '请求 URI 过长',
  'url': '{field} 必须是 http:// 或 https:// URL',
};

export const RULE_NAMES: readonly string[] = CONTRACT.ruleNames;

const nameOf = (rule: string) => rule.slice(rule.lastIndexOf('.') + 1);

function label(language: Language, field: string): string {
  const key = `field.${field.replace(/\[\d+]/g, '').split('.').pop()}` as MessageKey;
  const labels: Record<string, string> = language === 'zh' ? labelsZh : labelsEn;
  return labels[key] ? `${labels[key]} (${field})` : field;
}

/** What the console says of a server violation in the chosen language. */
export function serverMessage(language: Language, violation: FieldViolation): string {
  const sentence = language === 'zh' ? zh[nameOf(violation.rule)] : undefined;
  if (!sentence) return violation.message;
  const field = violation.field ? label(language, violation.field) : '';
  return sentence.replace('{field}', field).replace(/^[：:]\s*/, '');
}

/** The violations with their messages in the chosen language (fixes and rule ids kept). */
export function localized(language: Language, violations: FieldViolation[]): FieldViolation[] {
  return violations.map((v) => ({ ...v, message: serverMessage(language, v) }));
}
