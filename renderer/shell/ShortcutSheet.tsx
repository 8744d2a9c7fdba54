import { Dialog } from '../ui/Dialog';
import { keyLabel, useRegisteredShortcuts } from '../ui/shortcuts';

/** `?`: every shortcut registered now, grouped by where it works, in a modal dialog. */
export function ShortcutSheet({ open, onClose }: { open: boolean; onClose(): void }) {
  const sections = useRegisteredShortcuts();
  return (
    <Dialog open={open} onClose={onClose} title="Keyboard shortcuts" className="shortcut-sheet">
      {sections.map((section) => (
        <section key={section.scope} aria-labelledby={`shortcuts-${section.scope}`}>
          <h3 id={`shortcuts-${section.scope}`}>{section.scope}</h3>
          <dl>
            {section.items.map((item) => (
              <div key={`${item.keys.join()}-${item.label}`}>
                <dt>
                  {item.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 ? <span className="muted"> or </span> : null}
                      <kbd className="kbd">{keyLabel(k)}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{item.label}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </Dialog>
  );
}
