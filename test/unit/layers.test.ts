import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layers are held by the project's own lint config and tsconfigs; these tests feed them a file
// that breaks a rule (in memory, never written) and check that the tools refuse it.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function lintMessages(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint holds the layers', () => {
  it('refuses main-process code in renderer/', async () => {
    const messages = await lintMessages('renderer/views/Probe.tsx', "import { UserError } from '../../electron/user-error';\nexport const probe = UserError;\n");
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*electron\/ is the main process/)]);
  });

  it('refuses main-process code in shared/, even as a type', async () => {
    const messages = await lintMessages('shared/handoff/probe.ts', "import type { Logger } from '../../electron/log';\nexport type Probe = Logger;\n");
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*electron\/ is the main process/)]);
  });

  it('refuses renderer code in shared/', async () => {
    const messages = await lintMessages('shared/probe.ts', "import { api } from '../renderer/api';\nexport const probe = api;\n");
    expect(messages).toEqual([expect.stringMatching(/^no-restricted-imports: .*main and shared\/ never import it/)]);
  });

  it('refuses renderer code in the main process, and electron outside its edge', async () => {
    const fromMain = await lintMessages('electron/pages/probe.ts', "import { api } from '../../renderer/api';\nexport const probe = api;\n");
    expect(fromMain).toEqual([expect.stringMatching(/^no-restricted-imports: .*main and shared\/ never import it/)]);
    expect(await lintMessages('electron/app/probe.ts', "import { api } from '../../renderer/api';\nexport const probe = api;\n")).toHaveLength(1);
    expect(await lintMessages('electron/pages/probe.ts', "import { app } from 'electron';\nexport const probe = app;\n")).toEqual([
      expect.stringMatching(/Only electron\/app\/, main.ts and preload.ts import electron/),
    ]);
    expect(await lintMessages('electron/app/probe.ts', "import { app } from 'electron';\nexport const probe = app;\n")).toEqual([]);
  });

  it('refuses Node built-ins and electron in shared/ and renderer/', async () => {
    expect(await lintMessages('shared/probe.ts', "import fs from 'node:fs';\nexport const probe = fs;\n")).toHaveLength(1);
    expect(await lintMessages('shared/probe.ts', "import fs from 'fs/promises';\nexport const probe = fs;\n")).toHaveLength(1);
    expect(await lintMessages('renderer/probe.ts', "import { shell } from 'electron';\nexport const probe = shell;\n")).toHaveLength(1);
  });

  it('lets renderer/ and electron/ import shared/, even a module named like a Node built-in', async () => {
    expect(await lintMessages('renderer/probe.ts', "import { isWebUrl } from '../shared/url';\nexport const probe = isWebUrl;\n")).toEqual([]);
    expect(await lintMessages('renderer/probe.ts', "import { SEVERITIES } from '../shared/pages';\nexport const probe = SEVERITIES;\n")).toEqual([]);
    expect(await lintMessages('electron/probe.ts', "import { SEVERITIES } from '../shared/pages';\nexport const probe = SEVERITIES;\n")).toEqual([]);
  });
});

/** Type-checks one in-memory file as if it lived at `file`, under the given project's tsconfig. */
function typeErrors(project: string, file: string, code: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, project), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (!config) throw new Error(`${project} could not be read`);
  const probe = path.join(root, file);
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === probe ? code : readFile(name));
  host.fileExists = (name) => path.resolve(name) === probe || ts.sys.fileExists(name);
  host.getSourceFile = (name, language, onError) =>
    path.resolve(name) === probe ? ts.createSourceFile(name, code, language) : getSourceFile(name, language, onError);
  // The probe plus the project's own ambient declarations (no other sources: the probe imports nothing).
  const ambient = config.fileNames.filter((name) => name.endsWith('.d.ts'));
  const program = ts.createProgram([...ambient, probe], config.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('types hold the runtimes', () => {
  it('makes Node globals a type error in shared/', () => {
    const errors = typeErrors('tsconfig.shared.json', 'shared/probe.ts', 'export const home = process.env.HOME;\nexport const bytes = Buffer.from("x");\n');
    expect(errors).toEqual([expect.stringContaining("Cannot find name 'process'"), expect.stringContaining("Cannot find name 'Buffer'")]);
  });

  it('makes DOM globals a type error in shared/, and allows what both runtimes have', () => {
    expect(typeErrors('tsconfig.shared.json', 'shared/probe.ts', 'export const title = document.title;\n')).toEqual([
      expect.stringContaining("Cannot find name 'document'"),
    ]);
    expect(typeErrors('tsconfig.shared.json', 'shared/probe.ts', 'export const host = new URL("https://example.org").host;\n')).toEqual([]);
  });

  it('makes Node globals a type error in renderer/', () => {
    expect(typeErrors('tsconfig.renderer.json', 'renderer/probe.ts', 'export const home = process.env.HOME;\n')).toEqual([
      expect.stringContaining("Cannot find name 'process'"),
    ]);
  });
});
