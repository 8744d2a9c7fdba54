// The first frame is already in index.html (scripts/build.mjs renders it from the app's components).
// The app's script (React and the first view) is fetched and compiled meanwhile (modulepreload) and
// run only after that frame is painted, so parsing it never holds back the first paint.
const app = './app.js';
requestAnimationFrame(() => setTimeout(() => void import(app)));
