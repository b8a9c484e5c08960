import { useI18n } from '../../i18n/i18n';

/** The wizard's authorization help, in English and Chinese. Keys are shared; a test checks both are complete. */
export const en = {
  'title': 'Authorization',
  'roleHelp': 'The connector service writes as RAM role {role}: the role must trust the service (the trust policy below), and the MaxCompute project owner must grant it access to the table (the statements below). Create checks this again before it saves.',
  'tablestoreHelp': 'Tablestore connectors write through the connector service\'s service-linked role, which must exist in the account.',
  'check': 'Check authorization',
  'checking': 'Checking…',
  'ok': 'Authorization is in place: the connector can write to the destination.',
  'notOk': 'Authorization is not complete yet: the fields marked above say what to fix.',
  'trustPolicy': 'Trust policy of the role (RAM console > Roles > the role > Trust Policy > Edit)',
  'grants': 'Statements for the MaxCompute project owner to run (MaxCompute console or odpscmd)',
  'createServiceLinkedRole': 'Create the service-linked role',
  'done': 'Done: {action}',
} as const;

export type AuthorizationMessageKey = keyof typeof en;

export const zh: Record<AuthorizationMessageKey, string> = {
  'title': '授权',
  'roleHelp': 'Connector 服务以 RAM 角色 {role} 写入：该角色须信任本服务（见下方信任策略），并由 MaxCompute 项目所有者授予该表的权限（见下方语句）。点击创建时会再次检查。',
  'tablestoreHelp': '表格存储 Connector 通过 Connector 服务的服务关联角色写入，该角色须已在账号中存在。',
  'check': '检查授权',
  'checking': '检查中…',
  'ok': '授权已就绪：Connector 可以写入目标服务。',
  'notOk': '授权尚未完成：请按上方标出的字段修正。',
  'trustPolicy': '角色的信任策略（RAM 控制台 > 角色 > 该角色 > 信任策略 > 编辑）',
  'grants': '由 MaxCompute 项目所有者执行的语句（MaxCompute 控制台或 odpscmd）',
  'createServiceLinkedRole': '创建服务关联角色',
  'done': '已完成：{action}',
};

/** The panel's translate function, following the console's language. */
export function useAuthorizationText() {
  const { language } = useI18n();
  const dictionary: Record<AuthorizationMessageKey, string> = language === 'zh' ? zh : en;
  return (key: AuthorizationMessageKey, values?: Record<string, string | number>) => {
    const text = dictionary[key] ?? key;
    return values ? text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? `{${name}}`)) : text;
  };
}
