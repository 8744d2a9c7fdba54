import type { ReactNode } from 'react';

/** A view whose feature has not landed yet says so plainly. */
export function Placeholder({ title, arrives, children }: { title: string; arrives: string; children: ReactNode }) {
  return (
    <section className="view" aria-labelledby="view-title">
      <h1 id="view-title">{title}</h1>
      <div className="empty">
        <p>{children}</p>
        <p className="muted">This view is not built yet: it arrives {arrives}.</p>
      </div>
    </section>
  );
}
