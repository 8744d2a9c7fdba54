import { renderToStaticMarkup } from 'react-dom/server';
import { App } from './shell/App';

/**
 * The window's first frame, rendered at build time from the same components (scripts/build.mjs puts
 * it inside #root of index.html): the sidebar and the first view's heading paint as soon as the HTML
 * and app.css are in, before the app's script is parsed or main has sent its state. main.tsx then
 * renders the live app over it, which starts from this same frame.
 */
export function firstFrame(): string {
  return renderToStaticMarkup(<App />);
}
