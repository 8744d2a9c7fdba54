import fs from 'node:fs';
import path from 'node:path';
import type { LoginItem } from './launch-at-login';

/** The file name of Baton's autostart entry: `<config>/autostart/baton.desktop`. */
export const AUTOSTART_FILE = 'baton.desktop';
/** Passed by the login entry: Baton starts in the tray, without its window. */
export const HIDDEN_ARG = '--hidden';

/**
 * Launch at login on Linux: an XDG autostart entry (the freedesktop Desktop Application Autostart
 * Specification) in `$XDG_CONFIG_HOME/autostart` (default `~/.config/autostart`), which every desktop
 * session (GNOME, KDE, Xfce, Cinnamon, …) starts at login. Baton writes and removes it itself.
 */
export function xdgAutostart(o: { configHome: string; exec: string[] }): LoginItem {
  const file = path.join(o.configHome, 'autostart', AUTOSTART_FILE);
  const item: LoginItem = {
    where: file,
    isEnabled() {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        return false;
      }
      // A user (or the desktop's settings) may turn an entry off without deleting it.
      return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
    },
    setEnabled(on) {
      if (!on) return fs.rmSync(file, { force: true });
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const entry = [
        '[Desktop Entry]',
        'Type=Application',
        'Name=Baton',
        'Comment=On-call tray: your shift, pages, runbooks and handoff',
        `Exec=${[...o.exec, HIDDEN_ARG].map(execArg).join(' ')}`,
        'Icon=baton',
        'Terminal=false',
        'Categories=Utility;',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n');
      // Written whole and renamed into place: a login never finds half an entry.
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, entry, { mode: 0o644 });
      fs.renameSync(temporary, file);
    },
    refresh() {
      if (!fs.existsSync(file) || item.isEnabled()) item.setEnabled(true);
    },
  };
  return item;
}

/**
 * One argument of an Exec line (Desktop Entry Specification, "The Exec key"): quoted when it holds
 * a reserved character, with `"`, `` ` ``, `$` and `\` escaped inside quotes, and `%` doubled.
 */
export function execArg(arg: string): string {
  const literal = arg.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(literal)) return literal;
  return `"${literal.replace(/(["`$\\])/g, '\\$1')}"`;
}
