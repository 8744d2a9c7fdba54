import { describe, expect, it } from 'vitest';
import { parseDueDate, parseMinutes } from '../../electron/cli/durations';
import { stepsOf } from '../../electron/cli/read';
import { ExitCode } from '../../electron/cli/exit';
import { defaultDataDir } from '../../electron/cli/data-dir';
import { localApiLocation } from '../../electron/local-api';

describe('the baton command’s arguments', () => {
  it('reads durations as minutes and refuses what is not one, as a usage error', () => {
    expect(parseMinutes('30m', '--for')).toBe(30);
    expect(parseMinutes('1h', '--for')).toBe(60);
    expect(parseMinutes('2h30m', '--for')).toBe(150);
    expect(parseMinutes('1d', '--for')).toBe(1440);
    expect(parseMinutes('45', '--for')).toBe(45);
    for (const bad of ['', 'soon', '1x', '0m', '1h soon', '-5m']) {
      expect(() => parseMinutes(bad, '--for'), bad).toThrow(expect.objectContaining({ code: ExitCode.usage }));
    }
  });

  it('takes due dates that are real days only', () => {
    expect(parseDueDate('2026-12-03')).toBe('2026-12-03');
    for (const bad of ['2026-02-30', '03.12.2026', 'tomorrow']) expect(() => parseDueDate(bad), bad).toThrow(expect.objectContaining({ code: ExitCode.usage }));
  });

  it('numbers a runbook’s steps as the Runbooks view names them, skipping code blocks', () => {
    const markdown = [
      '# Disk full',
      '- [ ] Check `df -h` on **the host**',
      '```sh',
      '- [ ] not a step, inside code',
      '```',
      '1. [x] See [the dashboard](https://grafana.example/d/1)',
      '* plain item',
      '  - [ ]   Delete   old logs',
    ].join('\n');
    expect(stepsOf(markdown)).toEqual(['Check df -h on the host', 'See the dashboard', 'Delete old logs']);
  });

  it('finds the app’s data folder where Electron puts it for “Baton”, unless told otherwise', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/home/a/.config' }, 'linux')).toBe('/home/a/.config/Baton');
    expect(defaultDataDir({ BATON_DATA_DIR: '/srv/baton' }, 'linux')).toBe('/srv/baton');
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/Baton$/);
    expect(localApiLocation('/home/a/.config/Baton', 'linux')).toMatchObject({ socket: '/home/a/.config/Baton/api/baton.sock', pipe: false });
    expect(localApiLocation('C:\\Users\\a\\AppData\\Roaming\\Baton', 'win32').socket).toMatch(/^\\\\\.\\pipe\\baton-[0-9a-f]{16}$/);
  });
});
