// How quickly the connectors list answers with hundreds of connectors: creates E2E_BENCH_CONNECTORS (300)
// connectors through the API (MANUAL resources shared by all, so the broker gets no new topics per connector),
// then times in headless Chromium: first page with counts, next page, a name search, a status filter.
// Usage: [CONSOLE_URL=...] [CONSOLE_TOKEN=...] [E2E_TOPIC=...] npm run bench:list (defaults as in run.mjs)
import { restClient } from './api.mjs';
import { consoleTarget, launch } from './browser.mjs';

const { url: CONSOLE_URL, token: TOKEN } = consoleTarget();
const TOPIC = process.env.E2E_TOPIC ?? 'maxcompute-test-input';
const COUNT = Number(process.env.E2E_BENCH_CONNECTORS ?? 300);
const rest = restClient(CONSOLE_URL, TOKEN);
const instanceId = process.env.E2E_INSTANCE ?? (await rest.get('/api/v1/instances'))[0].id;
const base = `/api/v1/instances/${instanceId}/connectors`;
const stamp = Date.now().toString(36);
const destination = { type: 'TABLESTORE', endpoint: 'http://localhost:18091', instanceName: 'local-ots', tableName: 'bench',
  auth: { type: 'ACCESS_KEY', accessKeyId: 'local-ak', accessKeySecret: 'local-sk' } };
const shared = `bench-shared-${stamp}`;
const names = Array.from({ length: COUNT }, (_, i) => `bench-${stamp}-${String(i).padStart(4, '0')}`);

async function inParallel(items, width, work) {
  const queue = [...items];
  await Promise.all(Array.from({ length: width }, async () => {
    while (queue.length) await work(queue.shift());
  }));
}

const created = [];
const browser = await launch();
try {
  await rest.post(base, { name: shared, source: { topic: TOPIC }, destination });
  created.push(shared);
  const setupStarted = Date.now();
  await inParallel(names, 4, async (name) => {
    await rest.post(base, { name, source: { topic: TOPIC, resourceCreation: 'MANUAL', offsetTopic: `connect-offset-${shared}`,
      configTopic: `connect-config-${shared}`, statusTopic: `connect-status-${shared}`,
      deadLetterTopic: `connect-error-${shared}`, errorTopic: `connect-error-${shared}` }, destination });
    created.push(name);
  });
  console.log(`created ${COUNT} connectors through the API in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);
  const total = (await rest.get(`${base}?size=1`)).totalItems;

  const page = browser.context.pages()[0] ?? await browser.context.newPage();
  await page.addInitScript((token) => {
    sessionStorage.setItem('connectors.token', token);
    localStorage.setItem('connectors.language', 'en');
  }, TOKEN);
  const time = async (label, action, done) => {
    const started = performance.now();
    await action();
    await done();
    console.log(`${label}: ${(performance.now() - started).toFixed(0)} ms`);
  };
  await page.goto(`${CONSOLE_URL}/#/connectors`);
  await page.locator('tbody tr').first().waitFor();
  await time(`first page + counts (${total} connectors, cold reload)`, () => page.reload(), async () => {
    await page.locator('tbody tr').nth(19).waitFor();
    await page.locator(`[data-status="ALL"] .count:text-is("${total}")`).waitFor();
  });
  await time('next page', () => page.getByRole('button', { name: 'Next', exact: true }).click(),
    () => page.getByText(`Page 2 of ${Math.ceil(total / 20)}`).waitFor());
  await time('search by name (incl. 250 ms typing debounce)', () => page.getByRole('searchbox').fill(names[123]),
    () => page.locator(`[data-connector="${names[123]}"]`).waitFor().then(() => page.locator('tbody tr').count())
      .then((rows) => { if (rows !== 1) throw new Error(`${rows} rows for one name`); }));
  await page.getByRole('searchbox').fill('');
  await page.locator('tbody tr').nth(19).waitFor();
  await time('status filter NOT_DEPLOYED', () => page.locator('[data-status="NOT_DEPLOYED"]').click(),
    () => page.locator('[data-status="NOT_DEPLOYED"][aria-pressed="true"]').waitFor().then(() => page.locator('tbody tr').nth(19).waitFor()));
} finally {
  await browser.close();
  await inParallel(created, 4, (name) => rest.delete(`${base}/${name}${name === shared ? '?deleteResources=true' : ''}`)
    .catch((e) => console.log(`cleanup: ${e.message}`)));
}
