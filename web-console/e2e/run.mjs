// End-to-end tests of the console in headless Chromium against a running control plane (and, for the
// deploy/preview steps, the worker runtime and the emulators). Usage:
//   [CONSOLE_URL=http://localhost:8080] [CONSOLE_TOKEN=<admin token>] npm run e2e [-- scenario ...]
// Without them: the local stack's console port and the admin token it keeps in <data dir>/admin-token.
// Scenarios: maxcompute, tablestore, errors, failedRecords, authorization, chineseErrors, layout (all by default). The defaults fit deploy/'s local stack
// after `local-stack.sh create-seed-tables` (its LOCAL_STACK_* variables are honoured); override with:
//   E2E_INSTANCE [first instance]   E2E_TOPIC [maxcompute-test-input: an existing source topic]
//   E2E_RUNTIME [full | none: stop after create + test message when no worker runtime is running]
//   E2E_PREVIEW [required | skip: do not look for the test message's row in the data preview]
//   E2E_MAXCOMPUTE_ENDPOINT [http://localhost:18090/api], E2E_MAXCOMPUTE_PROJECT [connector_test],
//   E2E_MAXCOMPUTE_TABLE [test_kafka], E2E_TABLESTORE_ENDPOINT [http://localhost:18091],
//   E2E_TABLESTORE_INSTANCE [local-ots], E2E_ACCESS_KEY_ID [local-ak], E2E_ACCESS_KEY_SECRET [local-sk]
import assert from 'node:assert/strict';
import { restClient } from './api.mjs';
import { consoleTarget, launch, overlappingControls, screenshot, SCREENSHOTS } from './browser.mjs';
import { failedRecords } from './failed-records.mjs';
import { authorization } from './authorization.mjs';
import { chineseErrors } from './chinese-errors.mjs';

const env = (name, fallback) => process.env[name] ?? fallback;
const { url: CONSOLE_URL, token: TOKEN } = consoleTarget();
const TOPIC = env('E2E_TOPIC', 'maxcompute-test-input');
const FULL = env('E2E_RUNTIME', 'full') !== 'none';
/** Until the control plane has GET .../preview, E2E_PREVIEW=skip checks everything else (and says so). */
const PREVIEW = FULL && env('E2E_PREVIEW', 'required') !== 'skip';
const ACCESS_KEY_ID = env('E2E_ACCESS_KEY_ID', env('LOCAL_STACK_ACCESS_KEY_ID', 'local-ak'));
const ACCESS_KEY_SECRET = env('E2E_ACCESS_KEY_SECRET', env('LOCAL_STACK_ACCESS_KEY_SECRET', 'local-sk'));
const MAXCOMPUTE = {
  endpoint: env('E2E_MAXCOMPUTE_ENDPOINT', `http://localhost:${env('LOCAL_STACK_MAXCOMPUTE_PORT', 18090)}/api`),
  project: env('E2E_MAXCOMPUTE_PROJECT', env('LOCAL_STACK_MAXCOMPUTE_PROJECT', 'connector_test')),
  table: env('E2E_MAXCOMPUTE_TABLE', 'test_kafka'),
};
const TABLESTORE = {
  endpoint: env('E2E_TABLESTORE_ENDPOINT', `http://localhost:${env('LOCAL_STACK_TABLESTORE_PORT', 18091)}`),
  instanceName: env('E2E_TABLESTORE_INSTANCE', env('LOCAL_STACK_TABLESTORE_INSTANCE', 'local-ots')),
};
const RUNNING_TIMEOUT = Number(env('E2E_RUNNING_TIMEOUT_S', 180)) * 1000;
const ROW_TIMEOUT = Number(env('E2E_ROW_TIMEOUT_S', 120)) * 1000;
const stamp = Date.now().toString(36);
const rest = restClient(CONSOLE_URL, TOKEN);
const created = [];

// ---- page helpers ----

const field = (page, path) => page.locator(`[data-field="${path}"]`);
const input = (page, path) => page.locator(`[name="${path}"]`);
const choose = (page, path, value) => page.locator(`label.radio:has(input[name="${path}"][value="${value}"])`).click();
const button = (page, name) => page.getByRole('button', { name, exact: true });

async function errorOf(page, path) {
  const alert = field(page, path).locator('.field-error').first();
  await alert.waitFor();
  return alert.innerText();
}

async function signIn(page, instanceId) {
  await page.goto(`${CONSOLE_URL}/#/connectors`);
  await input(page, 'token').fill(TOKEN);
  await button(page, 'Sign in').click();
  await page.getByRole('heading', { name: 'Connectors' }).waitFor();
  await page.getByLabel('Instance').selectOption(instanceId);
}

/** From the list, as a user starts: a fresh wizard even when the last one was left half-filled. */
async function openWizard(page) {
  await page.goto(`${CONSOLE_URL}/#/connectors`);
  await button(page, 'Create Connector').click();
  await page.locator('[data-step="0"]').waitFor();
}

async function next(page, step) {
  await button(page, 'Next').click();
  await page.locator(`[data-step="${step}"]`).waitFor();
}

async function basicAndSource(page, name, prefix) {
  await openWizard(page);
  await input(page, 'name').fill(name);
  await screenshot(page, `${prefix}-1-basic-information`);
  await next(page, 1);
  await input(page, 'source.topic').fill(TOPIC);
  await page.getByRole('button', { name: /Configure Runtime Environment/ }).click();
  assert.equal(await input(page, 'source.consumerGroup').inputValue(), `connect-${name}`);
  assert.equal(await input(page, 'source.offsetTopic').inputValue(), `connect-offset-${name}`);
  assert.equal(await input(page, 'source.errorTopic').inputValue(), `connect-error-${name}`);
  await screenshot(page, `${prefix}-2-source-service`);
  await next(page, 2);
}

async function accessKey(page) {
  await input(page, 'destination.auth.accessKeyId').fill(ACCESS_KEY_ID);
  await input(page, 'destination.auth.accessKeySecret').fill(ACCESS_KEY_SECRET);
}

/** Create (and deploy), then on the detail page: RUNNING, a test message, its row in the preview. */
async function finishAndCheck(page, instanceId, name, prefix, message, rowText, actions = false) {
  await button(page, FULL ? 'Create and Deploy' : 'Create').click();
  await page.waitForURL(`**/#/connectors/${name}`);
  created.push(name);
  await page.getByRole('heading', { name }).waitFor();
  const stored = await rest.get(`/api/v1/instances/${instanceId}/connectors/${name}`);
  assert.notEqual(stored.destination.auth.accessKeySecret, ACCESS_KEY_SECRET, 'secret must come back masked');
  await page.getByRole('tab', { name: 'Configuration' }).click();
  assert.ok(!(await page.getByTestId('config').innerText()).includes(ACCESS_KEY_SECRET), 'secret shown in configuration');
  if (FULL) {
    await page.locator('[data-progress="done"]', { hasText: 'Deploy: now Running' }).waitFor({ timeout: RUNNING_TIMEOUT });
    await page.locator('h1 .badge[data-state="RUNNING"]').waitFor();
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.locator('[data-task]').first().waitFor();
  }
  await screenshot(page, `${prefix}-4-detail`);
  if (FULL && actions) {
    // Pause and resume from the console, each followed until the runtime reports the new state.
    const act = async (action, label, state, confirm = false) => {
      await page.locator(`[data-action="${action}"]`).click();
      if (confirm) await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
      await page.locator('[data-progress="done"]', { hasText: `${label}: now` }).waitFor({ timeout: RUNNING_TIMEOUT });
      await page.locator(`h1 .badge[data-state="${state}"]`).waitFor();
    };
    await act('pause', 'Pause', 'PAUSED');
    await act('resume', 'Resume', 'RUNNING');
    // Stop asks first; offsets can be reset only while stopped, and that asks too.
    await act('stop', 'Stop', 'STOPPED', true);
    await page.locator('[data-action="reset-offsets"]').click();
    await page.getByRole('dialog').getByRole('button', { name: 'OK' }).click();
    await page.getByText('Offsets reset.').waitFor({ timeout: RUNNING_TIMEOUT });
    await act('resume', 'Resume', 'RUNNING');
  }

  await page.getByRole('tab', { name: 'Test' }).click();
  await input(page, 'send.key').fill(message.key);
  await input(page, 'send.value').fill(message.value);
  await choose(page, 'send.toPartition', 'yes');
  await input(page, 'send.partition').fill('0');
  await button(page, 'OK').click();
  const result = await page.getByTestId('send-result').innerText();
  assert.match(result, new RegExp(`Sent to topic ${TOPIC}, partition 0, offset \\d+`));
  await screenshot(page, `${prefix}-5-send-message`);
  await page.getByRole('tab', { name: 'Audit' }).click();
  await page.getByRole('cell', { name: 'connector.test-message' }).waitFor();
  await page.getByRole('cell', { name: 'connector.create' }).waitFor();

  if (PREVIEW) {
    await page.getByRole('tab', { name: 'View Table Data' }).click();
    const deadline = Date.now() + ROW_TIMEOUT;
    for (;;) {
      // Wait for the preview's answer: rows, "no rows yet", an error, or "not available".
      await page.locator('[data-testid="preview-rows"], [data-testid="preview-unavailable"], .preview .muted, .preview .banner-error')
        .first().waitFor();
      assert.equal(await page.getByTestId('preview-unavailable').count(), 0, 'the control plane answered 404 for the preview');
      const rows = page.getByTestId('preview-rows');
      if (await rows.count() && (await rows.innerText()).includes(rowText)) break;
      assert.ok(Date.now() < deadline, `no row with ${rowText} in the preview after ${ROW_TIMEOUT / 1000} s`);
      await page.waitForTimeout(2000);
      await button(page, 'Refresh').click();
    }
    await screenshot(page, `${prefix}-6-table-data`);
  }
}

// ---- scenarios ----

const scenarios = {
  async maxcompute(page, instanceId) {
    const name = `e2e-mc-${stamp}`;
    await basicAndSource(page, name, 'maxcompute');
    await input(page, 'destination.endpoint').fill(MAXCOMPUTE.endpoint);
    await input(page, 'destination.project').fill(MAXCOMPUTE.project);
    await input(page, 'destination.table').fill(MAXCOMPUTE.table);
    await input(page, 'destination.region').fill('cn-hangzhou');
    await accessKey(page);
    // CSV is offered only once the mode writes just the key or just the value.
    assert.ok(!(await input(page, 'destination.format').locator('option').allInnerTexts()).includes('CSV'));
    await choose(page, 'destination.mode', 'VALUE');
    assert.ok((await input(page, 'destination.format').locator('option').allInnerTexts()).includes('CSV'));
    await choose(page, 'destination.mode', 'DEFAULT');
    await screenshot(page, 'maxcompute-3-destination-service');
    const value = `e2e-mc-value-${stamp}`;
    await finishAndCheck(page, instanceId, name, 'maxcompute', { key: 'demo', value }, value, true);
  },

  async tablestore(page, instanceId) {
    const name = `e2e-ts-${stamp}`;
    await basicAndSource(page, name, 'tablestore');
    await choose(page, 'destination.type', 'TABLESTORE');
    await input(page, 'destination.endpoint').fill(TABLESTORE.endpoint);
    await input(page, 'destination.instanceName').fill(TABLESTORE.instanceName);
    await accessKey(page);
    await choose(page, 'destination.autoCreateTable', 'yes');
    await input(page, 'destination.tableName').fill(`e2e_ts_${stamp}`);
    await choose(page, 'destination.keyFormat', 'STRING');
    await choose(page, 'destination.valueFormat', 'JSON');
    assert.equal(await field(page, 'destination.primaryKeyColumns').count(), 0);
    await choose(page, 'destination.primaryKeyMode', 'RECORD_VALUE');
    assert.equal(await field(page, 'destination.deleteMode').count(), 0, 'delete mode applies only to record_key');
    await page.getByRole('button', { name: '+ Add column' }).click();
    await input(page, 'destination.primaryKeyColumns[0].name').fill('id');
    await screenshot(page, 'tablestore-3-destination-service');
    const id = `e2e-ts-row-${stamp}`;
    await finishAndCheck(page, instanceId, name, 'tablestore', { key: 'demo', value: JSON.stringify({ id, note: 'hello' }) }, id);
  },

  async errors(page, instanceId) {
    const helper = await createHelper(instanceId);
    await openWizard(page);
    await input(page, 'name').fill('-Bad_Name');
    assert.match(await errorOf(page, 'name'), /lowercase letters, digits and hyphens/);
    await button(page, 'Next').click();
    await page.locator('[data-step="0"]').waitFor();
    await screenshot(page, 'errors-1-invalid-name');
    await input(page, 'name').fill(helper);
    await button(page, 'Next').click();
    assert.match(await errorOf(page, 'name'), /already exists/);
    await screenshot(page, 'errors-2-duplicate-name');

    await input(page, 'name').fill(`e2e-err-${stamp}`);
    assert.equal(await field(page, 'name').locator('.field-error').count(), 0, 'an edited name keeps its old error');
    await next(page, 1);
    await input(page, 'source.topic').fill(TOPIC);
    await page.getByRole('button', { name: /Configure Runtime Environment/ }).click();
    await choose(page, 'source.resourceCreation', 'MANUAL');
    // The helper's AUTO topics break MANUAL rules when used for the wrong purpose.
    await input(page, 'source.offsetTopic').fill(`connect-error-${helper}`);
    await input(page, 'source.configTopic').fill(`connect-offset-${helper}`);
    await input(page, 'source.statusTopic').fill(`e2e-missing-${stamp}`);
    await button(page, 'Next').click();
    assert.match(await errorOf(page, 'source.offsetTopic'), /cleanup\.policy=compact/);
    assert.match(await errorOf(page, 'source.configTopic'), /exactly 1 partition/);
    assert.match(await errorOf(page, 'source.statusTopic'), /does not exist/);
    assert.equal(await page.locator('[data-step="1"]').count(), 1, 'the wizard must stay on the source step');
    await screenshot(page, 'errors-3-manual-topics');

    // Destination errors from the server, next to the time series fields they name.
    await openWizard(page);
    await input(page, 'name').fill(`e2e-err2-${stamp}`);
    await next(page, 1);
    await input(page, 'source.topic').fill(TOPIC);
    await next(page, 2);
    await choose(page, 'destination.type', 'TABLESTORE');
    await input(page, 'destination.endpoint').fill('not-a-url');
    await input(page, 'destination.instanceName').fill(TABLESTORE.instanceName);
    await input(page, 'destination.tableName').fill('e2e_ts');
    await accessKey(page);
    await choose(page, 'destination.model', 'TIMESERIES');
    await choose(page, 'destination.timeseries.mapAllFields', 'no');
    await button(page, 'Create').click();
    assert.match(await errorOf(page, 'destination.endpoint'), /http:\/\/ or https:\/\/ URL/);
    assert.match(await errorOf(page, 'destination.timeseries.metricNameField'), /required/);
    assert.match(await errorOf(page, 'destination.timeseries.timestampField'), /required/);
    assert.match(await errorOf(page, 'destination.timeseries.fieldTypes'), /fieldTypes must name at least one field/);
    assert.equal(await page.locator('[data-step="2"]').count(), 1, 'the wizard must stay on the destination step');
    await screenshot(page, 'errors-4-destination');
    assert.equal((await rest.get(`/api/v1/instances/${instanceId}/connectors?q=e2e-err2-${stamp}`)).totalItems, 0, 'nothing may be created');

    // A test message to a partition the topic does not have: the server names the valid range.
    await page.goto(`${CONSOLE_URL}/#/connectors/${helper}/test`);
    await input(page, 'send.value').fill('{"key": "test"}');
    await choose(page, 'send.toPartition', 'yes');
    await input(page, 'send.partition').fill('999');
    await button(page, 'OK').click();
    assert.match(await errorOf(page, 'send.partition'), /partition must be between 0 and \d+/);
    await screenshot(page, 'errors-5-partition-range');

    // Deleting asks first, and offers to remove the group and topics too.
    await page.locator('[data-action="delete"]').click();
    await page.getByRole('dialog').getByText('Also delete the topics and the consumer group', { exact: false }).waitFor();
    await button(page, 'Cancel').click();
    assert.equal(await page.getByRole('dialog').count(), 0);
  },

  failedRecords: (page, instanceId) => failedRecords({ page, rest, consoleUrl: CONSOLE_URL, instanceId, stamp, created,
    maxCompute: MAXCOMPUTE, accessKey: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET },
    timeouts: { running: RUNNING_TIMEOUT, row: ROW_TIMEOUT } }),

  authorization: (page, instanceId) => authorization({ page, rest, instanceId, stamp, created, maxCompute: { ...MAXCOMPUTE },
    accessKey: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET }, timeouts: { running: RUNNING_TIMEOUT, row: ROW_TIMEOUT },
    ui: { basicAndSource, input, choose, button } }),
  chineseErrors: (page) => chineseErrors({ page, consoleUrl: CONSOLE_URL, stamp }),

  async layout(page, instanceId) {
    const helper = await createHelper(instanceId);
    for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
      await page.setViewportSize(viewport);
      const check = async (view) => {
        await page.waitForTimeout(300);
        await screenshot(page, `layout-${label}-${view}`);
        assert.deepEqual(await overlappingControls(page), [], `${label} ${view}`);
      };
      await page.goto(`${CONSOLE_URL}/#/connectors`);
      await page.locator(`[data-connector="${helper}"]`).waitFor();
      await check('list');
      await openWizard(page);
      await input(page, 'name').fill(`e2e-layout-${stamp}`);
      await check('wizard-1');
      await next(page, 1);
      await input(page, 'source.topic').fill(TOPIC);
      await page.getByRole('button', { name: /Configure Runtime Environment/ }).click();
      await check('wizard-2');
      await next(page, 2);
      await choose(page, 'destination.type', 'TABLESTORE');
      await choose(page, 'destination.primaryKeyMode', 'RECORD_KEY');
      await page.getByRole('button', { name: '+ Add column' }).click();
      await check('wizard-3');
      await page.goto(`${CONSOLE_URL}/#/connectors/${helper}/test`);
      await input(page, 'send.value').waitFor();
      await check('detail-test');
      await page.getByTestId('language').click();
      await page.getByRole('tab', { name: '测试' }).waitFor();
      await check('detail-test-zh');
      await page.getByTestId('language').click();
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  },
};

let helperName;
/** A connector made through the API whose AUTO topics give the error scenario topics that break MANUAL rules. */
async function createHelper(instanceId) {
  if (helperName) return helperName;
  helperName = `e2e-helper-${stamp}`;
  await rest.post(`/api/v1/instances/${instanceId}/connectors`, {
    name: helperName,
    source: { topic: TOPIC },
    destination: { type: 'TABLESTORE', endpoint: TABLESTORE.endpoint, instanceName: TABLESTORE.instanceName,
      tableName: 'e2e_helper', autoCreateTable: true, auth: { type: 'ACCESS_KEY', accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET } },
  });
  created.push(helperName);
  return helperName;
}

// ---- runner ----

const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(scenarios);
const instances = await rest.get('/api/v1/instances');
const instanceId = env('E2E_INSTANCE', instances[0]?.id);
assert.ok(instanceId, 'no Kafka instance registered on the control plane');
const browser = await launch();
const page = browser.context.pages()[0] ?? await browser.context.newPage();
page.setDefaultTimeout(30_000);
await page.addInitScript(() => localStorage.setItem('connectors.language', localStorage.getItem('connectors.language') ?? 'en'));
const failures = [];
try {
  await signIn(page, instanceId);
  for (const name of chosen) {
    const started = Date.now();
    try {
      await scenarios[name](page, instanceId);
      console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failures.push(name);
      console.log(`FAIL ${name}: ${e.stack ?? e}`);
      await screenshot(page, `failure-${name}`).catch(() => undefined);
    }
  }
} finally {
  await browser.close();
  if (!process.env.E2E_KEEP) {
    for (const name of created) {
      await rest.delete(`/api/v1/instances/${instanceId}/connectors/${name}?deleteResources=true`).catch((e) => console.log(`cleanup: ${e.message}`));
    }
  }
}
const skipped = !FULL ? ' (E2E_RUNTIME=none: no deploy, no preview)' : !PREVIEW ? ' (E2E_PREVIEW=skip: rows not checked in the preview)' : '';
console.log(`${chosen.length - failures.length}/${chosen.length} scenarios passed${skipped}; screenshots in ${SCREENSHOTS}`);
process.exit(failures.length ? 1 : 0);
