// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'zlib', 'url'];
// Anchored, so a module of our own with the same name (shared/url.ts) is not mistaken for Node's.
const nodeBuiltinImport = `^(node:.*|(${nodeBuiltins.join('|')})(/.*)?)$`;

// What each layer may not import (see the layers below).
const electronPackage = { name: 'electron', message: 'shared/ and renderer/ never import electron.' };
const nodeOnly = { regex: nodeBuiltinImport, message: 'shared/ and renderer/ are plain TypeScript / DOM: no Node built-ins.' };
const mainProcess = {
  regex: '^(\\.\\.?/)+electron(/|$)',
  message: 'electron/ is the main process: shared/ and renderer/ never import it (the renderer calls main through the contract).',
};
const rendererCode = {
  regex: '^(\\.\\.?/)+renderer(/|$)',
  message: 'renderer/ is the window’s code: main and shared/ never import it (what both sides need lives in shared/).',
};
const electronOutsideEdge = { name: 'electron', message: 'Only electron/app/, main.ts and preload.ts import electron.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['scripts/**/*.mjs', '*.js'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The runtime of a file is told by where it lives: only the thin edge touches Electron.
    files: ['electron/**/*.ts', 'test/**/*.ts', 'scripts/**/*'],
    ignores: ['electron/app/**', 'electron/main.ts', 'electron/preload.ts', 'test/electron/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOutsideEdge] }],
    },
  },
  {
    // The main process never reaches into the renderer.
    files: ['electron/**/*.ts'],
    ignores: ['electron/app/**', 'electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOutsideEdge], patterns: [rendererCode] }] },
  },
  {
    files: ['electron/app/**/*.ts', 'electron/main.ts', 'electron/preload.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [rendererCode] }] },
  },
  {
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Untrusted text never reaches the DOM as HTML.' },
        { selector: "AssignmentExpression[left.property.name='innerHTML']", message: 'Untrusted text never reaches the DOM as HTML.' },
      ],
    },
  },
  {
    // The layers: renderer/ reaches main only through the contract (shared/), never by importing it.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronPackage], patterns: [nodeOnly, mainProcess] }] },
  },
  {
    // shared/ is used by both sides, so it may depend on neither.
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronPackage], patterns: [nodeOnly, mainProcess, rendererCode] }] },
  },
  {
    files: ['electron/preload.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='exposeInMainWorld'] > Identifier[name='ipcRenderer']", message: 'Never expose ipcRenderer.' },
      ],
    },
  },
);
