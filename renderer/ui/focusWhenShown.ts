/**
 * Moves the keyboard focus to an element that another view is about to render (the runbook's title
 * after "Open runbook"): waits for it to appear, at most `timeoutMs`, then focuses it. Elements
 * that are not focusable by themselves (a heading) get tabindex="-1" first. Returns a cancel function.
 */
export function focusWhenShown(selector: string, timeoutMs = 5000): () => void {
  const tryFocus = (): boolean => {
    const element = document.querySelector<HTMLElement>(selector);
    if (!element) return false;
    if (element.tabIndex < 0 && !element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
    element.focus();
    return true;
  };
  if (tryFocus()) return () => undefined;
  const observer = new MutationObserver(() => {
    if (tryFocus()) stop();
  });
  const timer = window.setTimeout(() => stop(), timeoutMs);
  function stop() {
    observer.disconnect();
    window.clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
  return stop;
}
