import { describe, expect, it } from 'vitest';
import { checkExternalUrl } from '../../electron/external';

describe('checkExternalUrl: only plain web links leave the app', () => {
  it('refuses every scheme but http and https, whatever its case or padding', () => {
    for (const hostile of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(document.cookie)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'FILE://C:/Windows/System32/calc.exe',
      'smb://attacker.example/share/payload.exe',
      'ms-msdt:/id PCWDiagnostic /skip force',
      'search-ms:query=x&crumb=location:\\\\attacker.example\\share',
      'data:text/html,<script>alert(1)</script>',
      'blob:https://example.com/1234',
      'app://baton/index.html',
      'ftp://example.com/x',
      'mailto:someone@example.com',
    ]) {
      expect(() => checkExternalUrl(hostile), hostile).toThrow(/only opens http and https|Not a valid link/);
    }
  });

  it('refuses user names and passwords (a classic disguise: https://bank.example@evil.example)', () => {
    for (const hostile of ['https://user:pw@example.com/', 'https://bank.example@evil.example/', 'http://:secret@example.com/']) {
      expect(() => checkExternalUrl(hostile), hostile).toThrow(/user name or password/);
    }
  });

  it('refuses what is not a URL at all, including a NUL in the host', () => {
    for (const hostile of ['not a url', '', 'https://exa\u0000mple.com/', 'https://', '//example.com/x']) {
      expect(() => checkExternalUrl(hostile), JSON.stringify(hostile)).toThrow(/Not a valid link/);
    }
  });

  it('hands the browser the parsed, canonical form: no padding, tabs, newlines or odd case survive', () => {
    expect(checkExternalUrl('HTTPS://Runbooks.EXAMPLE.com/db#step-2')).toBe('https://runbooks.example.com/db#step-2');
    expect(checkExternalUrl('  https://example.com/x  ')).toBe('https://example.com/x');
    expect(checkExternalUrl('\thttps://ex\nample.com/a\tb')).toBe('https://example.com/ab');
    expect(checkExternalUrl('https://example.com/%00?q=<script>')).toBe('https://example.com/%00?q=%3Cscript%3E');
    expect(checkExternalUrl('http://127.0.0.1:9093/#/alerts')).toBe('http://127.0.0.1:9093/#/alerts');
  });
});
