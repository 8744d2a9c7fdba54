import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { useApp } from './fixture';
import { seedBusy, sweepWorld, type AxeFinding } from './sweep';

/**
 * axe-core over every view and state (test/e2e/sweep.ts) in both themes: no critical or serious
 * finding. Each state is also kept as a screenshot in the test artifacts.
 */
const describeFindings = (findings: AxeFinding[]) => findings.map((f) => `${f.state} (${f.theme}) ${f.impact} ${f.rule}: ${f.targets.join(', ')}`);

describe('accessibility of a fresh install', () => {
  const app = useApp();
  it('has no critical or serious axe finding in any empty state, light or dark', async () => {
    const findings = await sweepWorld(app.page, 'first-run', (state, theme) => app.screenshot(`a11y-${state.name}-${theme}`).then(() => undefined));
    expect(describeFindings(findings)).toEqual([]);
    expect(app.pageErrors, app.pageErrors.join('\n')).toEqual([]);
  }, 300_000);
});

describe('accessibility of a busy night', () => {
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
  });
  const app = useApp({ ready: async (app) => void folders.push(...(await seedBusy(app))) });
  it('has no critical or serious axe finding in a storm, with a failing source, runbooks, the log and a handoff, light or dark', async () => {
    const findings = await sweepWorld(app.page, 'busy', (state, theme) => app.screenshot(`a11y-${state.name}-${theme}`).then(() => undefined));
    expect(describeFindings(findings)).toEqual([]);
  }, 300_000);
});
