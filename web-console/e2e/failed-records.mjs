// Issue 18's error-topic browser, end to end: a MaxCompute connector (FLATTEN) gets a record with a field its table
// has no column for; the record shows in the Failed Records tab with that reason; the column is added
// (ALTER TABLE through ./local-stack.sh sql), the connector restarted so it reads the new schema, the record
// replayed from the console, and its row seen in the table. Screenshots at 1280x800 and 390x844.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { overlappingControls, screenshot, waitFor } from './browser.mjs';

const repository = new URL('../../', import.meta.url).pathname;
const sql = (statement) => execFileSync('./local-stack.sh', ['sql', statement], { cwd: repository, encoding: 'utf8' });

/**
 * @param {object} ctx what run.mjs knows: page, rest, consoleUrl, instanceId, stamp, maxCompute, accessKey, created,
 *                     timeouts ({ running, row })
 */
export async function failedRecords({ page, rest, consoleUrl, instanceId, stamp, maxCompute, accessKey, created, timeouts }) {
  const name = `e2e-dl-${stamp}`;
  const table = `e2e_dl_${stamp}`;
  sql(`CREATE TABLE IF NOT EXISTS ${table}(topic STRING, \`partition\` BIGINT, \`offset\` BIGINT, id BIGINT, name STRING)`
    + ' PARTITIONED BY (pt STRING);');
  const connectors = `/api/v1/instances/${instanceId}/connectors`;
  await rest.post(connectors, {
    name,
    source: { topic: 'maxcompute-test-input', concurrency: 1 },
    destination: { type: 'MAXCOMPUTE', endpoint: maxCompute.endpoint, project: maxCompute.project, table, region: 'cn-hangzhou',
      mode: 'VALUE', format: 'FLATTEN', auth: { type: 'ACCESS_KEY', ...accessKey } },
  });
  created.push(name);
  await rest.post(`${connectors}/${name}/deploy`);
  await waitFor(async () => (await rest.get(`${connectors}/${name}/status`)).state === 'RUNNING', timeouts.running, 'RUNNING');

  const id = Number(String(Date.now()).slice(-9));
  await rest.post(`${connectors}/${name}/test-message`, { key: 'poison', value: JSON.stringify({ id, name, region: 'hz' }) });

  // The poison record in the browser, with its reason, stage and original coordinates.
  await page.goto(`${consoleUrl}/#/connectors/${name}/failed`);
  const record = page.getByTestId('failed-record').filter({ hasText: "has field 'region'" });
  await waitFor(async () => {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
    return (await record.count()) > 0;
  }, timeouts.row, 'the poison record in the Failed Records tab');
  assert.match(await record.first().innerText(), /TASK_PUT/);
  assert.match(await record.first().innerText(), new RegExp(`"id":${id}`));
  for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 390, height: 844 }]]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(300);
    await screenshot(page, `failed-records-${label}`);
    assert.deepEqual(await overlappingControls(page), [], `failed records ${label}`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // The fix: the column the record needs, read by the tasks once restarted.
  sql(`ALTER TABLE ${table} ADD COLUMNS (region STRING);`);
  await rest.post(`${connectors}/${name}/restart?includeTasks=true&onlyFailed=false`);
  await waitFor(async () => {
    const status = await rest.get(`${connectors}/${name}/status`);
    return status.state === 'RUNNING' && status.tasks?.length > 0 && status.tasks.every((t) => t.state === 'RUNNING');
  }, timeouts.running, 'RUNNING after the restart');

  // Replay from the console, after its confirmation.
  await record.first().getByRole('checkbox').check();
  await page.locator('[data-action="replay-selected"]').click();
  await page.getByRole('dialog').getByText('maxcompute-test-input').waitFor();
  await screenshot(page, 'failed-records-confirm');
  await page.locator('[data-action="replay-confirm"]').click();
  await page.getByTestId('replay-result').getByText('1 record(s) sent back to maxcompute-test-input').waitFor();
  await page.getByTestId('failed-record').filter({ hasText: "has field 'region'" }).getByText('Replayed').first().waitFor();
  await screenshot(page, 'failed-records-replayed');

  // Its row in the table.
  await waitFor(async () => {
    const preview = JSON.stringify(await rest.get(`${connectors}/${name}/preview?limit=100`));
    return preview.includes(String(id)) && preview.includes('"hz"');
  }, timeouts.row, `the replayed row in ${table}`);
}
