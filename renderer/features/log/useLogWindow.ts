import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../../api';
import { useCurrentKey } from '../../ui/useQuery';
import type { LogEntry, LogKind } from '../../../shared/action-log';

export const PAGE_SIZE = 100;

export interface LogFilter {
  kinds: LogKind[];
  text: string;
}

interface LogWindow {
  key: string;
  matched: number;
  total: number;
  pages: Map<number, LogEntry[]>;
}

/**
 * The log is never loaded whole: this keeps the pages (of PAGE_SIZE entries, newest first) the list
 * is showing, for one filter at one journal position. A new filter or a new entry makes a new key; the
 * old window stays on screen until the first page for the new key arrives, so nothing flickers.
 * Answers for an older key are dropped (ui/useQuery's one staleness rule).
 */
export function useLogWindow(filter: LogFilter, lastSeq: number) {
  const key = `${lastSeq}|${filter.kinds.join(',')}|${filter.text}`;
  const [win, setWin] = useState<LogWindow | null>(null);
  const [error, setError] = useState<string | null>(null);
  const isCurrent = useCurrentKey(key);
  const inflight = useRef(new Set<string>());

  const load = useCallback(
    (pages: number[]) => {
      for (const page of pages) {
        const id = `${key}#${page}`;
        if (inflight.current.has(id) || (win?.key === key && win.pages.has(page))) continue;
        inflight.current.add(id);
        api
          .queryLog({
            offset: page * PAGE_SIZE,
            limit: PAGE_SIZE,
            kinds: filter.kinds.length > 0 ? filter.kinds : undefined,
            text: filter.text || undefined,
          })
          .then((answer) => {
            if (!isCurrent(key)) return;
            setError(null);
            setWin((prev) => {
              const kept = prev?.key === key ? new Map(prev.pages) : new Map<number, LogEntry[]>();
              kept.set(page, answer.entries);
              return { key, matched: answer.matched, total: answer.total, pages: kept };
            });
          })
          .catch((e: unknown) => {
            if (isCurrent(key)) setError(errorMessage(e));
          })
          .finally(() => inflight.current.delete(id));
      }
    },
    [key, win, filter.kinds, filter.text, isCurrent],
  );

  const entryAt = (index: number): LogEntry | undefined => win?.pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const current = win?.key === key;

  return { load, entryAt, matched: win?.matched ?? 0, total: win?.total ?? 0, loaded: win !== null, current, error };
}

/** Asks for the pages covering [first, last] whenever the range or the key changes. */
export function useLoadRange(load: (pages: number[]) => void, first: number, last: number): void {
  useEffect(() => {
    const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
    const to = Math.floor(Math.max(0, last) / PAGE_SIZE);
    const pages: number[] = [];
    for (let p = from; p <= to; p++) pages.push(p);
    load(pages);
  }, [load, first, last]);
}
