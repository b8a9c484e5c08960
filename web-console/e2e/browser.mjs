import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

/** Debian's chromium in a fresh profile; nothing downloaded. */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'console-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const SCREENSHOTS = new URL('../target/e2e-screenshots/', import.meta.url).pathname;
mkdirSync(SCREENSHOTS, { recursive: true });

export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * Controls that overlap each other (a label over a button, two buttons on top of each other). Nested elements
 * and elements sharing an ancestor label do not count; only visible, on-screen boxes are compared.
 */
export async function overlappingControls(page) {
  return page.evaluate(() => {
    const selector = 'button, input:not([type=radio]):not([type=checkbox]), select, textarea, a, label.radio, .badge, h1';
    const elements = Array.from(document.querySelectorAll(selector)).filter((el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0' && !el.closest('.modal-backdrop');
    });
    const problems = [];
    for (let i = 0; i < elements.length; i++) {
      for (let j = i + 1; j < elements.length; j++) {
        const a = elements[i];
        const b = elements[j];
        if (a.contains(b) || b.contains(a)) continue;
        const ra = a.getBoundingClientRect();
        const rb = b.getBoundingClientRect();
        const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (w > 2 && h > 2) problems.push(`${describe(a)} overlaps ${describe(b)}`);
      }
    }
    const horizontal = document.documentElement.scrollWidth - window.innerWidth;
    if (horizontal > 1) problems.push(`page scrolls sideways by ${horizontal}px`);
    return problems;

    function describe(el) {
      return `<${el.tagName.toLowerCase()}${el.getAttribute('name') ? ` name=${el.getAttribute('name')}` : ''}> "${(el.textContent || '').trim().slice(0, 30)}"`;
    }
  });
}

/**
 * Where the product runs: CONSOLE_URL and CONSOLE_TOKEN, else deploy/'s local stack (its HTTP port, and the admin
 * token it generates into <data dir>/admin-token; the data dir is relative to the repository root by default).
 */
export function consoleTarget() {
  const repository = new URL('../../', import.meta.url).pathname;
  const url = process.env.CONSOLE_URL ?? `http://localhost:${process.env.LOCAL_STACK_HTTP_PORT ?? 8080}`;
  const tokenFile = join(resolve(repository, process.env.LOCAL_STACK_DATA_DIR ?? '.data'), 'admin-token');
  const token = process.env.CONSOLE_TOKEN ?? process.env.CONNECTORS_ADMIN_TOKEN
    ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
  if (!token) {
    console.error(`set CONSOLE_TOKEN (no ${tokenFile} either)`);
    process.exit(2);
  }
  return { url: url.replace(/\/$/, ''), token };
}

/** Checks every 2 s until {@code condition} holds; fails naming {@code what} after {@code timeoutMs}. */
export async function waitFor(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    assert.ok(Date.now() < deadline, `${what}: not seen after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}
