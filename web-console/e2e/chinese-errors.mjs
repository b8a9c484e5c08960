// Issue 18's "one voice in errors": with the console in Chinese, a server validation error (a source topic the
// instance does not have, which only the server knows) is shown at its field in Chinese, by its rule id.
import assert from 'node:assert/strict';
import { screenshot } from './browser.mjs';

/** @param {object} ctx what run.mjs knows: page, consoleUrl, stamp */
export async function chineseErrors({ page, consoleUrl, stamp }) {
  await page.goto(`${consoleUrl}/#/connectors`);
  await page.evaluate(() => localStorage.setItem('connectors.language', 'zh'));
  try {
    await page.goto(`${consoleUrl}/#/connectors/new`);
    await page.reload();
    await page.locator('[data-step="0"]').waitFor();
    await page.locator('[name="name"]').fill(`e2e-zh-${stamp}`);
    await page.getByRole('button', { name: '下一步', exact: true }).click();
    await page.locator('[data-step="1"]').waitFor();
    await page.locator('[name="source.topic"]').fill(`e2e-missing-${stamp}`);
    await page.getByRole('button', { name: '下一步', exact: true }).click();
    const error = page.locator('[data-field="source.topic"] .field-error').first();
    await error.waitFor();
    assert.equal(await error.innerText(), '数据源 Topic (source.topic)：指定的对象不存在');
    assert.equal(await page.locator('[data-step="1"]').count(), 1, 'the wizard must stay on the source step');
    await screenshot(page, 'errors-zh-server-validation');
  } finally {
    await page.evaluate(() => localStorage.setItem('connectors.language', 'en'));
    await page.goto(`${consoleUrl}/#/connectors`);
    await page.reload();
  }
}
