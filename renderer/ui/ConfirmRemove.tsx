import { useEffect, useRef, useState } from 'react';

/**
 * A remove button that asks first, in place: "Remove “payments-am”? [Yes, remove] [Keep]". The
 * safe answer takes the focus; Escape or Keep goes back to the button, focused. Used for every
 * remove (schedules, alert sources, rules, runbook sources), so none happens on one stray click.
 */
export function ConfirmRemove({ what, onConfirm, disabled = false, label = 'Remove' }: { what: string; onConfirm(): void; disabled?: boolean; label?: string }) {
  const [asking, setAsking] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);
  useEffect(() => {
    if (asking) keep.current?.focus();
    else if (returnFocus.current) {
      returnFocus.current = false;
      button.current?.focus();
    }
  }, [asking]);
  const cancel = () => {
    returnFocus.current = true;
    setAsking(false);
  };
  const verb = label.toLowerCase();
  if (!asking) {
    return (
      <button ref={button} type="button" className="danger" disabled={disabled} aria-label={`${label} ${what}`} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm-remove"
      role="group"
      aria-label={`${label} ${what}?`}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        cancel();
      }}
    >
      <span className="small">
        {label} {what}?
      </span>
      <button
        type="button"
        className="danger"
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        Yes, {verb}
      </button>
      <button ref={keep} type="button" onClick={cancel}>
        Keep
      </button>
    </span>
  );
}
