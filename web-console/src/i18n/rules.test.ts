import { describe, expect, it } from 'vitest';
import { en as authorizationEn, zh as authorizationZh } from '../wizard/authorization/messages';
import { en, RULE_NAMES, serverMessage, zh } from './rules';

const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe("the server's rules in both languages", () => {
  it('has an English and a Chinese sentence for every rule the server can report, and none for a rule it cannot', () => {
    expect(RULE_NAMES.length).toBeGreaterThan(50);
    for (const name of RULE_NAMES) {
      expect(en[name], `en ${name}`).toBeTruthy();
      expect(zh[name], `zh ${name}`).toBeTruthy();
      expect(placeholders(zh[name]), name).toEqual(placeholders(en[name]));
    }
    expect(Object.keys(en).sort()).toEqual([...RULE_NAMES].sort());
    expect(Object.keys(zh).sort()).toEqual([...RULE_NAMES].sort());
  });

  it('says a violation in Chinese with the field put in, and keeps the server text in English and for unknown rules', () => {
    const violation = { field: 'source.topic', rule: 'source.topic.exists', message: "topic 'x' does not exist on the instance" };
    expect(serverMessage('zh', violation)).toBe('数据源 Topic (source.topic)：指定的对象不存在');
    expect(serverMessage('en', violation)).toBe(violation.message);
    const unknown = { field: 'x', rule: 'x.neverHeardOf', message: 'the server says so' };
    expect(serverMessage('zh', unknown)).toBe('the server says so');
    expect(serverMessage('zh', { rule: 'internal', message: 'boom' })).toBe('发生意外错误，请查看控制面日志');
  });

  it('has the authorization help in both languages', () => {
    for (const key of Object.keys(authorizationEn) as Array<keyof typeof authorizationEn>) {
      expect(authorizationZh[key], key).toBeTruthy();
      expect(placeholders(authorizationZh[key]), key).toEqual(placeholders(authorizationEn[key]));
    }
  });
});
