/**
 * The dashboard in headless Chromium against the whole local stack (`harper-bigquery-sync
 * start`: local BigQuery + synthesizer writing + Harper with this component). Screenshots at
 * 1440 and 390 px go to test-results/ (gitignored) as artifacts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, spawnStart, type RunningCli } from '../support/spawn-cli.js';

const TABLES = ['port_events', 'vessel_metadata', 'vessel_positions'];
const ARTIFACTS = join(REPO_ROOT, 'test-results');

/** Debian's chromium (CI installs it in .ci/run); CHROMIUM_PATH overrides. */
function findChromium(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const path = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (path && existsSync(path)) return path;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

const executablePath = findChromium();
const inCi = process.env.CI === 'true' || process.env.CI === '1';
if (!executablePath && !inCi) {
  console.warn('dashboard browser test SKIPPED: no chromium on PATH (apt-get install chromium; CI installs it)');
}

describe.skipIf(!executablePath && !inCi)('the dashboard in headless Chromium', () => {
  const root = mkdtempSync(join(tmpdir(), 'dashboard-e2e-'));
  let cli: RunningCli;
  let dashboardUrl: string;
  let credentials: { username: string; password: string };
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    if (!executablePath) throw new Error('CI=true but chromium is not installed: .ci/run installs it before npm test');
    cli = await spawnStart(join(root, 'stack'), 'small', ['--rates', 'positions=20,events=1,metadata=0.5']);
    const [, url] = await cli.waitFor(/Dashboard:\s+(\S+)/, 150_000);
    const [, username, password] = await cli.waitFor(/Credentials:\s+(\S+) \/ (\S+)/);
    dashboardUrl = url!;
    credentials = { username: username!, password: password! };
    // A fresh profile and no background traffic: the network here is closed.
    context = await chromium.launchPersistentContext(join(root, 'profile'), {
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1440, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    if (cli && cli.child.exitCode === null) {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
    rmSync(root, { recursive: true, force: true });
  });

  const card = (tableId: string) => page.locator(`section.card[data-table="${tableId}"]`);
  const fact = (tableId: string, label: string) =>
    card(tableId)
      .locator('.fact', { has: page.locator('dt', { hasText: label }) })
      .locator('dd');
  const number = async (tableId: string, label: string) =>
    Number((await fact(tableId, label).innerText()).replace(/[^0-9.]/g, ''));

  /** Each test starts from its own state, so the tests pass in any order. */
  async function signedOut() {
    await page.goto(dashboardUrl);
    await page.evaluate('sessionStorage.clear()');
    await page.reload();
    await expect.poll(() => page.locator('#login').isVisible()).toBe(true);
  }

  async function signIn() {
    await signedOut();
    await page.getByLabel('User').fill(credentials.username);
    await page.getByLabel('Password').fill(credentials.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('section.card').count(), { timeout: 30_000 }).toBe(3);
  }

  it('asks for credentials, and says so when they are wrong', async () => {
    await signedOut();
    await page.getByLabel('User').fill(credentials.username);
    await page.getByLabel('Password').fill(`${credentials.password}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#login-error').innerText()).toMatch(/not accepted/);
    expect(await page.locator('#login').isVisible()).toBe(true);
    expect(await page.locator('section.card').count()).toBe(0);
  });

  it('signs in, shows the three maritime tables, and rows and the rows/s chart move while the synthesizer writes', async () => {
    await signIn();
    expect(
      (await page.locator('section.card').evaluateAll((els) => els.map((e) => e.getAttribute('data-table')))).sort(),
    ).toEqual(TABLES);
    await expect.poll(() => page.locator('#who').innerText()).toBe(credentials.username);
    // The start-up dry-run estimate (issue #17): a steady day of polls, with the interval.
    await expect
      .poll(() => fact('vessel_positions', 'Estimated steady bytes per day').innerText(), { timeout: 60_000 })
      .toMatch(/iB \(a poll every /);

    const rows = 'Rows written (since start)';
    await expect.poll(() => number('vessel_positions', rows), { timeout: 90_000 }).toBeGreaterThan(0);
    const before = await number('vessel_positions', rows);
    await expect.poll(() => number('vessel_positions', rows), { timeout: 60_000 }).toBeGreaterThan(before);

    const chart = card('vessel_positions').locator('figure[data-chart="rowsPerSecond"]');
    const points = async () => Number((await chart.getAttribute('data-points')) ?? 0);
    await expect.poll(points, { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
    const drawn = await points();
    await expect.poll(points, { timeout: 60_000 }).toBeGreaterThan(drawn);
    expect(await chart.locator('canvas').count()).toBe(1);
  }, 300_000);

  it('pauses a table and shows it paused, then resumes it', async () => {
    await signIn();
    const positions = card('vessel_positions');
    await expect.poll(() => positions.locator('.badge').innerText()).toMatch(/Running/);
    // Resync asks first; cancelling sends nothing.
    await positions.getByRole('button', { name: 'Resync' }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await positions.locator('.result').innerText()).toBe('');

    await positions.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => positions.locator('.result').innerText(), { timeout: 30_000 }).toMatch(/✓ .*pause/);
    await expect.poll(() => positions.locator('.badge').innerText(), { timeout: 30_000 }).toMatch(/Paused/);
    expect(await positions.getByRole('button', { name: 'Pause' }).isDisabled()).toBe(true);

    await positions.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => positions.locator('.result').innerText(), { timeout: 30_000 }).toMatch(/✓ .*resume/);
    await expect.poll(() => positions.locator('.badge').innerText(), { timeout: 30_000 }).toMatch(/Running/);
  }, 120_000);

  it('fits 1440 px and 390 px without horizontal overflow (screenshots in test-results/)', async () => {
    await signIn();
    // Wait for the charts to have something to draw, so the screenshots show them.
    await expect
      .poll(
        async () =>
          Number(await card('vessel_positions').locator('figure[data-chart="lagMs"]').getAttribute('data-points')),
        {
          timeout: 60_000,
        },
      )
      .toBeGreaterThanOrEqual(2);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-1440.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth'))
      .toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-390.png'), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
  }, 120_000);

  it('keeps the session across a reload in the same tab, and signs out', async () => {
    await signIn();
    await page.reload();
    await expect.poll(() => page.locator('section.card').count(), { timeout: 30_000 }).toBe(3);
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.locator('#login').isVisible()).toBe(true);
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await page.reload();
    await expect.poll(() => page.locator('#login').isVisible()).toBe(true);
    expect(await page.locator('section.card').count()).toBe(0);
  });
});
