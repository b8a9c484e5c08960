// Issue 18's operator pages, end to end against the local stack: a running connector's concurrency edited in the
// wizard and applied (its tasks on the detail page), a clone created from the wizard prefilled, a missing MaxCompute
// table flagged before Create with the DDL to copy, the throughput chart moving under load, and the worker-log panel
// showing the lines of that connector only. Each new page is screenshot at 1280x800 and 390x844 and checked for
// overlapping controls. The scenarios share one running MaxCompute connector, made through the API when first needed.
import assert from 'node:assert/strict';
import { overlappingControls, screenshot, waitFor } from './browser.mjs';

const VIEWPORTS = [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]];
const TOPIC = 'maxcompute-test-input';

/**
 * @param {object} ctx what run.mjs knows: rest, consoleUrl, stamp, created, maxCompute ({ endpoint, project, table }),
 *                     accessKey ({ accessKeyId, accessKeySecret }), timeouts ({ running, row })
 * @returns the scenarios, each (page, instanceId)
 */
export function operationScenarios(ctx) {
  const { rest, consoleUrl, stamp, created, maxCompute, accessKey, timeouts } = ctx;
  const name = `e2e-ops-${stamp}`;
  const input = (page, path) => page.locator(`[name="${path}"]`);
  const button = (page, label) => page.getByRole('button', { name: label, exact: true });
  let ready;

  /** The shared connector, RUNNING with one task. */
  function opsConnector(instanceId) {
    ready ??= (async () => {
      const connectors = `/api/v1/instances/${instanceId}/connectors`;
      await rest.post(connectors, {
        name, source: { topic: TOPIC, concurrency: 1 },
        destination: { type: 'MAXCOMPUTE', endpoint: maxCompute.endpoint, project: maxCompute.project, table: maxCompute.table,
          region: 'cn-hangzhou', auth: { type: 'ACCESS_KEY', ...accessKey } },
      });
      created.push(name);
      await rest.post(`${connectors}/${name}/deploy`);
      await waitFor(async () => runningTasks(await rest.get(`${connectors}/${name}/status`)) === 1, timeouts.running,
        `${name} RUNNING with its task`);
      return name;
    })();
    return ready;
  }

  async function bothViewports(page, shot, prepare = async () => undefined) {
    for (const [label, viewport] of VIEWPORTS) {
      await page.setViewportSize(viewport);
      await prepare();
      await page.waitForTimeout(300);
      await screenshot(page, `${shot}-${label}`);
      assert.deepEqual(await overlappingControls(page), [], `${shot} ${label}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  }

  return {
    async editConcurrency(page, instanceId) {
      await opsConnector(instanceId);
      await page.goto(`${consoleUrl}/#/connectors/${name}`);
      await page.locator('[data-action="edit"]').click();
      await page.getByRole('heading', { name: `Edit connector ${name}` }).waitFor();
      await button(page, 'Next').click();
      await page.locator('[data-step="1"]').waitFor();
      assert.ok(await input(page, 'source.topic').isDisabled(), 'the topic is fixed while the connector runs');
      await input(page, 'source.concurrency').selectOption('2');
      await bothViewports(page, 'edit-running-source');
      await button(page, 'Next').click();
      await page.locator('[data-step="2"]').waitFor();
      assert.equal(await input(page, 'destination.auth.accessKeySecret').inputValue(), '', 'the stored secret is never shown');
      await button(page, 'Save').click();
      await page.waitForURL(`**/#/connectors/${name}`);
      // applied by the worker runtime: two tasks, both running, on the detail page
      await page.getByRole('tab', { name: 'Overview' }).click();
      await page.locator('[data-task="1"]').waitFor({ timeout: timeouts.running });
      await waitFor(async () => runningTasks(await rest.get(`/api/v1/instances/${instanceId}/connectors/${name}/status`)) === 2,
        timeouts.running, 'two running tasks');
      assert.equal((await rest.get(`/api/v1/instances/${instanceId}/connectors/${name}`)).source.concurrency, 2);
      await bothViewports(page, 'edit-applied-detail');
    },

    async clone(page, instanceId) {
      await opsConnector(instanceId);
      const copy = `${name}-copy`;
      await page.goto(`${consoleUrl}/#/connectors/${name}`);
      await page.locator('[data-action="clone"]').click();
      await page.getByRole('heading', { name: `Clone connector ${name}` }).waitFor();
      assert.equal(await input(page, 'name').inputValue(), copy);
      await bothViewports(page, 'clone-1-basic');
      await button(page, 'Next').click();
      await page.locator('[data-step="1"]').waitFor();
      assert.equal(await input(page, 'source.topic').inputValue(), TOPIC, 'prefilled from the connector cloned');
      await page.getByRole('button', { name: /Configure Runtime Environment/ }).click();
      assert.equal(await input(page, 'source.consumerGroup').inputValue(), `connect-${copy}`, 'its own group');
      await button(page, 'Next').click();
      await page.locator('[data-step="2"]').waitFor();
      assert.equal(await input(page, 'destination.table').inputValue(), maxCompute.table);
      await input(page, 'destination.auth.accessKeySecret').fill(accessKey.accessKeySecret);
      await bothViewports(page, 'clone-3-destination');
      await button(page, 'Create').click();
      await page.waitForURL(`**/#/connectors/${copy}`);
      created.push(copy);
      await page.getByRole('heading', { name: copy }).waitFor();
      const stored = await rest.get(`/api/v1/instances/${instanceId}/connectors/${copy}`);
      assert.equal(stored.source.topic, TOPIC);
      assert.equal(stored.source.consumerGroup, `connect-${copy}`);
    },

    async missingTable(page, instanceId) {
      const connector = `e2e-nt-${stamp}`;
      const table = `e2e_missing_${stamp}`;
      await page.goto(`${consoleUrl}/#/connectors`);
      await button(page, 'Create Connector').click();
      await page.locator('[data-step="0"]').waitFor();
      await input(page, 'name').fill(connector);
      await button(page, 'Next').click();
      await input(page, 'source.topic').fill(TOPIC);
      await button(page, 'Next').click();
      await page.locator('[data-step="2"]').waitFor();
      await input(page, 'destination.endpoint').fill(maxCompute.endpoint);
      await input(page, 'destination.project').fill(maxCompute.project);
      await input(page, 'destination.table').fill(table);
      await input(page, 'destination.region').fill('cn-hangzhou');
      await input(page, 'destination.auth.accessKeyId').fill(accessKey.accessKeyId);
      await input(page, 'destination.auth.accessKeySecret').fill(accessKey.accessKeySecret);
      await button(page, 'Create').click();
      const tableField = page.locator('[data-field="destination.table"]');
      await tableField.locator('.field-error').first().waitFor();
      assert.match(await tableField.locator('.field-error').first().innerText(), /does not exist/);
      const ddl = await tableField.getByTestId('fix').innerText();
      assert.match(ddl, new RegExp(`CREATE TABLE[\\s\\S]*${table}`, 'i'));
      assert.equal(await page.locator('[data-step="2"]').count(), 1, 'the wizard stays on the destination step');
      assert.equal((await rest.get(`/api/v1/instances/${instanceId}/connectors?q=${connector}`)).totalItems, 0, 'nothing created');
      await bothViewports(page, 'missing-table', () => tableField.scrollIntoViewIfNeeded());
    },

    async metricsChart(page, instanceId) {
      await opsConnector(instanceId);
      const connectors = `/api/v1/instances/${instanceId}/connectors`;
      await page.goto(`${consoleUrl}/#/connectors/${name}`);
      const throughput = page.locator('[data-chart="throughput"]');
      // load: a record every 200 ms until the chart shows records going out (Connect's rates span 30 s windows)
      const deadline = Date.now() + timeouts.row;
      let sent = 0;
      for (;;) {
        await rest.post(`${connectors}/${name}/test-message`, { key: `load-${sent}`, value: `e2e-load-${stamp}-${sent}` });
        sent += 1;
        if (sent % 25 === 0 && await throughput.count() && await movesAboveZero(throughput)) break;
        assert.ok(Date.now() < deadline, `the throughput chart shows no records out after ${sent} records`);
        await page.waitForTimeout(200);
      }
      await bothViewports(page, 'metrics-under-load', () => throughput.scrollIntoViewIfNeeded());
    },

    async workerLog(page, instanceId) {
      await opsConnector(instanceId);
      await page.goto(`${consoleUrl}/#/connectors/${name}/logs`);
      const panel = page.getByTestId('worker-log');
      await panel.waitFor();
      await waitFor(async () => {
        await button(page, 'Refresh').click();
        await page.waitForTimeout(500);
        const text = (await panel.locator('pre').allInnerTexts()).join('\n');
        return text.includes(`[${name}|task-0] `);
      }, timeouts.row, `lines of ${name}'s task 0 in the Logs tab`);
      const lines = (await panel.locator('pre').allInnerTexts()).join('\n').split('\n');
      const others = lines.map((line) => /\[([^|\]\s]+)\|(?:task-\d+|worker)/.exec(line)?.[1])
        .filter((connector) => connector && connector !== name);
      assert.deepEqual([...new Set(others)], [], 'lines of other connectors in this connector\'s log');
      assert.ok(!lines.some((line) => line.includes(accessKey.accessKeySecret) && accessKey.accessKeySecret.length >= 4),
        'the secret in the log lines');
      await bothViewports(page, 'worker-log');
    },
  };
}

const runningTasks = (status) => (status.state === 'RUNNING' ? (status.tasks ?? []).filter((t) => t.state === 'RUNNING').length : 0);

/** Whether the chart's records-out line has a point above its zero line (the SVG's bottom, y = 120). */
async function movesAboveZero(chart) {
  const d = await chart.locator('path.series-out').getAttribute('d');
  return [...(d ?? '').matchAll(/[ML][\d.]+,([\d.]+)/g)].some(([, y]) => Number(y) < 119.5);
}
