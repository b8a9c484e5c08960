// Issue 18's authorization help, end to end: a MaxCompute destination written with a RAM role. The role does not exist
// yet, so Create is refused at the role's field with the trust policy to set; the role is created with that policy
// (RAM's CreateRole at the local RAM/STS emulator, as the user would in the RAM console); the check then names the
// grants the project owner has not run and shows the statements; they run through ./local-stack.sh sql, the check
// passes, the connector is created and deployed, and a test message's row lands in the table. Screenshots of the panel
// at 1280x800 and 390x844.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { overlappingControls, screenshot } from './browser.mjs';

const repository = new URL('../../', import.meta.url).pathname;
const sql = (statements) => execFileSync('./local-stack.sh', ['sql', statements], { cwd: repository, encoding: 'utf8' });
/** The account the local stack's RAM/STS emulator knows (deploy/local-stack's RAM_ACCOUNT_ID). */
const ACCOUNT_ID = process.env.E2E_RAM_ACCOUNT_ID ?? '1880000000000000';
const RAM_ENDPOINT = process.env.E2E_RAM_ENDPOINT ?? `http://localhost:${process.env.LOCAL_STACK_RAM_STS_PORT ?? 18092}/`;

/**
 * @param {object} ctx what run.mjs knows: page, rest, instanceId, stamp, maxCompute, accessKey, created, timeouts
 *                     ({ running, row }) and its wizard helpers ui ({ basicAndSource, input, choose, button })
 */
export async function authorization({ page, rest, instanceId, stamp, maxCompute, accessKey, created, timeouts, ui }) {
  const { basicAndSource, input, choose, button } = ui;
  const name = `e2e-auth-${stamp}`;
  const table = `e2e_auth_${stamp}`;
  const role = `E2eWriter${stamp}`;
  sql(`CREATE TABLE IF NOT EXISTS ${table}(topic STRING, \`partition\` BIGINT, \`offset\` BIGINT, key STRING, value STRING)`
    + ' PARTITIONED BY (pt STRING);');

  await basicAndSource(page, name, 'authorization');
  await input(page, 'destination.endpoint').fill(maxCompute.endpoint);
  await input(page, 'destination.project').fill(maxCompute.project);
  await input(page, 'destination.table').fill(table);
  await input(page, 'destination.region').fill('cn-hangzhou');
  await choose(page, 'destination.auth.type', 'RAM_ROLE');
  await input(page, 'destination.auth.accountId').fill(ACCOUNT_ID);
  await input(page, 'destination.auth.roleName').fill(role);

  // The role does not exist: flagged at its field before anything is saved, with the trust policy to give it.
  await button(page, 'Create').click();
  const roleError = page.locator('[data-field="destination.auth.roleName"] .field-error');
  await roleError.first().waitFor();
  assert.match(await roleError.first().innerText(), new RegExp(`role ${role} does not exist`));
  assert.equal((await rest.get(`/api/v1/instances/${instanceId}/connectors?q=${name}`)).totalItems, 0, 'nothing may be created');
  const trustPolicy = await page.getByTestId('trust-policy').locator('pre').innerText();
  assert.match(trustPolicy, /"Service":\["alikafka\.aliyuncs\.com"\]/);
  await screenshot(page, 'authorization-1-role-missing');

  await ram('CreateRole', { RoleName: role, AssumeRolePolicyDocument: trustPolicy }, accessKey);

  // The role exists and trusts the service, but the project owner has not granted it the table: the statements show.
  await page.locator('[data-action="check-authorization"]').click();
  await page.locator('[data-testid="authorization-result"][data-ok="false"]').waitFor();
  await page.locator('[data-field="destination.auth.roleName"] .field-error', { hasText: 'grant statements' }).waitFor();
  const grants = page.getByTestId('grant-statements');
  const statements = await grants.locator('pre').innerText();
  assert.match(statements, new RegExp(`grant Describe, Alter, Update on table ${table} to user`));
  await grants.getByRole('button', { name: 'Copy' }).click();
  for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await grants.scrollIntoViewIfNeeded();
    await screenshot(page, `authorization-2-grants-${label}`);
    assert.deepEqual(await overlappingControls(page), [], `authorization panel ${label}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // The owner runs them (as a user pastes them into odpscmd); the check passes.
  sql(statements);
  await page.locator('[data-action="check-authorization"]').click();
  await page.locator('[data-testid="authorization-result"][data-ok="true"]').waitFor();
  assert.equal(await page.locator('[data-field="destination.auth.roleName"] .field-error').count(), 0);
  await screenshot(page, 'authorization-3-passed');

  // Created and deployed with the role; a test message's row lands in the table, written with the role's STS session.
  await button(page, 'Create and Deploy').click();
  await page.waitForURL(`**/#/connectors/${name}`);
  created.push(name);
  const connector = `/api/v1/instances/${instanceId}/connectors/${name}`;
  await waitFor(async () => (await rest.get(`${connector}/status`)).state === 'RUNNING', timeouts.running, 'RUNNING');
  const value = `e2e-auth-value-${stamp}`;
  await rest.post(`${connector}/test-message`, { key: 'auth', value });
  await waitFor(async () => sql(`set odps.sql.allow.fullscan=true; SELECT key, value FROM ${table};`).includes(value),
    timeouts.row, `the row in ${table}`);
  await screenshot(page, 'authorization-4-detail');
}

/** One RAM call as the account's owner, signed as aliyun-java-sdk-core signs RPC requests (HMAC-SHA1). */
async function ram(action, parameters, { accessKeyId, accessKeySecret }) {
  const query = { ...parameters, Action: action, Format: 'JSON', Version: '2015-05-01', AccessKeyId: accessKeyId,
    SignatureMethod: 'HMAC-SHA1', SignatureVersion: '1.0', SignatureNonce: randomUUID(),
    Timestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
  const encode = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const canonical = Object.keys(query).sort().map((key) => `${encode(key)}=${encode(query[key])}`).join('&');
  const signature = createHmac('sha1', `${accessKeySecret}&`).update(`GET&${encode('/')}&${encode(canonical)}`).digest('base64');
  const response = await fetch(`${RAM_ENDPOINT}?${canonical}&Signature=${encode(signature)}`);
  const text = await response.text();
  assert.ok(response.ok, `RAM ${action} → ${response.status}: ${text}`);
  return JSON.parse(text);
}

async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    assert.ok(Date.now() < deadline, `${what}: not seen after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
