import v8 from 'node:v8';
import { afterAll } from 'vitest';

// When the edge coverage run asks for V8 coverage, write it before the test process is torn down
// (a worker ended from outside would not get to write it at exit).
afterAll(() => {
  if (process.env.NODE_V8_COVERAGE) v8.takeCoverage();
});
