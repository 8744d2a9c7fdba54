// The first frame is already in index.html (scripts/build.mjs renders it from the app's components).
// The app's script (React and the first view, ~230 KB) is asked for only once that frame is painted:
// fetching and compiling it alongside held the first paint back (measured: app.renderer.first_paint_vs_blank
// ~2× with a modulepreload, ~1.4× without), for ~100 ms more until the live app shows.
const app = './app.js';
if (location.hash === '#popover') {
  // The tray popover (hidden until the tray is clicked) is not the window's first frame: none of it, at once.
  document.getElementById('root')?.replaceChildren();
  void import(app);
} else {
  requestAnimationFrame(() => setTimeout(() => void import(app)));
}
