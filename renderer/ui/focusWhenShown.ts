/**
 * Moves the keyboard focus to an element another view is about to render (the runbook's title after
 * "Open runbook"): at once to `fallback` (the view's title) so the focus never falls to <body>, then
 * to the element when it appears, within `timeoutMs`, unless the user has moved the focus meanwhile.
 * Headings and other elements that are not focusable get tabindex="-1". Returns a cancel function.
 */
export function focusWhenShown(selector: string, { fallback = '#view-title', timeoutMs = 5000 }: { fallback?: string; timeoutMs?: number } = {}): () => void {
  let parked: HTMLElement | null = null;
  const focus = (element: HTMLElement) => {
    if (element.tabIndex < 0 && !element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
    element.focus();
  };
  /** The focus is where this call left it (or nowhere): moving it again takes nothing from the user. */
  const untouched = () => document.activeElement === document.body || document.activeElement === null || document.activeElement === parked;
  const attempt = (): boolean => {
    const target = document.querySelector<HTMLElement>(selector);
    if (target) {
      if (untouched()) focus(target);
      return true;
    }
    const park = document.querySelector<HTMLElement>(fallback);
    if (park && park !== parked && untouched()) {
      focus(park);
      parked = park;
    }
    return false;
  };
  if (attempt()) return () => undefined;
  const observer = new MutationObserver(() => {
    if (attempt()) stop();
  });
  const timer = window.setTimeout(() => stop(), timeoutMs);
  function stop() {
    observer.disconnect();
    window.clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
  return stop;
}
