import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots are test artifacts: kept after the run, gitignored. */
const ARTIFACTS = join(repoRoot, 'test-artifacts/report');
const OBS = ['http-server.json', 'nginx-ebpf.json'].map((f) => join(repoRoot, 'test/fixtures/observations', f));

if (!existsSync(CHROMIUM)) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing: run scripts/setup (it installs chromium)`);
  console.warn(`\n*** report rendering tests SKIPPED: ${CHROMIUM} is missing (run scripts/setup) ***\n`);
}

const dir = mkdtempSync(join(tmpdir(), 'seccompose-wt-ci-report-'));
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Load the page, failing on any console error, page error or request that is not the file itself. */
async function open(file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== pathToFileURL(file).href) problems.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href);
  return { page, problems };
}

function cli(args: string[]): string {
  const r = runCli(args, { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

let inputs: { compose: string; report: string } | undefined;

/** What a compose override with two services and both observations render into (written once). */
function writeInputs(): { compose: string; report: string } {
  inputs ??= writeInputsOnce();
  return inputs;
}

function writeInputsOnce(): { compose: string; report: string } {
  cli(['generate', OBS[0]!, '-o', 'web.json']);
  const compose = join(dir, 'compose.seccomp.yaml');
  writeFileSync(
    compose,
    [
      'services:',
      '  web:',
      '    security_opt: ["seccomp=./web.json", "no-new-privileges:true"]',
      '    cap_drop: [ALL]',
      '    cap_add: [NET_BIND_SERVICE]',
      '  worker:',
      '    cap_add: [SYS_PTRACE]',
      '',
    ].join('\n'),
  );
  const report = join(dir, 'report.html');
  const r = runCli(['report', 'compose.seccomp.yaml', ...OBS, '-o', report, '--kernel', '6.1'], { cwd: dir });
  expect(r.code, r.stderr).toBe(0);
  return { compose, report };
}

describe.skipIf(!existsSync(CHROMIUM))('seccompose report, rendered in headless Chromium', () => {
  it('is one self-contained file: no script, no external URL', () => {
    const { report } = writeInputs();
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    expect(html.match(/(?:src|href)="[^"#]/g)).toBeNull();
  });

  it('shows a tab per service and one for the observations, with the counts diff and the observations give', async () => {
    const { report } = writeInputs();
    const { page, problems } = await open(report);
    const tabs = await page.locator('.tab-bar label').allTextContents();
    expect(tabs).toEqual([
      'web (compose.seccomp.yaml)',
      'worker (compose.seccomp.yaml)',
      'recordings: http-server.json, nginx-ebpf.json',
    ]);
    // web: the profile generate wrote, counted independently by `diff --json`.
    const surface = JSON.parse(
      cli(['diff', 'docker-default', 'web.json', '--json', '--kernel', '6.1', '--caps', 'NET_BIND_SERVICE']),
    );
    const web = page.locator('#panel-0');
    await expect.poll(() => web.isVisible()).toBe(true);
    expect(await web.locator('[data-card="allowed"] .value').textContent()).toBe(String(surface.summary.newAllowed));
    expect(await web.locator('[data-card="docker-default"] .value').textContent()).toBe(
      String(surface.summary.oldAllowed),
    );
    expect(await web.locator('[data-card="caps"] .value').textContent()).toBe('1');
    const perFamily = await web.locator('.chart-value-here').allTextContents();
    expect(perFamily.map(Number).reduce((a, b) => a + b, 0)).toBe(surface.summary.newAllowed);
    await page.screenshot({ path: join(ARTIFACTS, 'compose-web.png'), fullPage: true });

    // worker: no seccomp option, so Docker's default with default caps + SYS_PTRACE: ptrace is high-risk and allowed.
    await page.click('label[for="tab-1"]');
    const worker = page.locator('#panel-1');
    expect(await web.isVisible()).toBe(false);
    expect(await worker.locator('[data-card="caps"] .value').textContent()).toBe('15');
    expect(await worker.locator('.risk-list').textContent()).toContain('ptrace');
    await page.screenshot({ path: join(ARTIFACTS, 'compose-worker.png'), fullPage: true });

    // observations: per syscall the summed calls and which recording made them.
    await page.click('label[for="tab-2"]');
    const obs = page.locator('#panel-2');
    const recorded = OBS.map((f) => JSON.parse(readFileSync(f, 'utf8')).syscalls.SCMP_ARCH_X86_64 ?? {});
    const reads = recorded.map((calls) => calls.read?.count ?? 0);
    const row = obs.locator('tr[data-syscall="read"] td');
    expect(await row.nth(2).textContent()).toBe(String(reads[0] + reads[1]));
    expect(await row.nth(6).textContent()).toContain(`http-server.json ×${reads[0]}`);
    expect(await row.nth(6).textContent()).toContain(`nginx-ebpf.json ×${reads[1]}`);
    const names = new Set(recorded.flatMap((calls) => Object.keys(calls)));
    expect(await obs.locator('tr[data-syscall]').count()).toBeGreaterThanOrEqual(names.size);
    await page.screenshot({ path: join(ARTIFACTS, 'observations.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('a bare profile: every family heading counts its chips, high-risk ones are highlighted with why', async () => {
    const report = join(dir, 'docker-default.html');
    cli(['report', 'docker-default', '-o', report, '--kernel', '6.1']);
    const { page, problems } = await open(report);
    for (const family of await page.locator('.family').all()) {
      const chips = await family.locator('.chip').count();
      expect(await family.locator('.count').textContent()).toMatch(new RegExp(`^${chips} allowed`));
    }
    const risky = page.locator('.family[data-family="privileged"] .chip.risk');
    expect(await risky.count()).toBeGreaterThan(0);
    expect(await risky.first().getAttribute('title')).toMatch(/\w+/);
    expect(await page.locator('[data-card="caps"] .label').textContent()).toBe('capabilities: not in this input');
    await page.screenshot({ path: join(ARTIFACTS, 'docker-default.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
