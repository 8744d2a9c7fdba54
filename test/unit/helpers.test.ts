import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorText, explainZodError } from '../../shared/errors';
import { isWebUrl, parseWebUrl } from '../../shared/url';

describe('errorText', () => {
  it('reads an Error by its message and anything else as a string', () => {
    expect(errorText(new TypeError('fetch failed'))).toBe('fetch failed');
    expect(errorText('disk full')).toBe('disk full');
    expect(errorText(undefined)).toBe('undefined');
  });
});

describe('explainZodError', () => {
  const Schema = z.object({ name: z.string(), emails: z.array(z.email()) });

  it('names where each problem is, three at most, joined by "; "', () => {
    const parsed = Schema.safeParse({ name: 1, emails: ['a', 'b', 'c'] });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const text = explainZodError(parsed.error);
    expect(text.split('; ').map((part) => part.split(':')[0])).toEqual(['name', 'emails.0', 'emails.1']);
  });

  it('names a top-level problem after the root it is given, or shows it bare', () => {
    const parsed = Schema.safeParse('nope');
    if (parsed.success) throw new Error('expected a failure');
    expect(explainZodError(parsed.error, { max: 1, root: 'settings' })).toMatch(/^settings: /);
    expect(explainZodError(parsed.error)).not.toMatch(/^settings/);
  });
});

describe('the http(s) link check', () => {
  it('accepts only absolute http and https links', () => {
    expect(parseWebUrl('https://runbooks.example/db')?.href).toBe('https://runbooks.example/db');
    expect(isWebUrl('http://127.0.0.1:9093')).toBe(true);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'app://baton/index.html', '/relative', 'not a url', '']) {
      expect(isWebUrl(bad)).toBe(false);
    }
  });
});
