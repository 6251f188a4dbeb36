// Preloaded (node --require) by lintHeap.test.ts into the process it measures: writes to the file named by
// YOUNG_GENERATION_REPORT, at exit, the largest size V8's young generation had after any collection.
const { PerformanceObserver } = require('node:perf_hooks');
const { getHeapSpaceStatistics } = require('node:v8');
const { writeFileSync } = require('node:fs');

const youngGeneration = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
let largest = youngGeneration();
new PerformanceObserver(() => {
  largest = Math.max(largest, youngGeneration());
}).observe({ entryTypes: ['gc'] });
process.on('exit', () => writeFileSync(process.env.YOUNG_GENERATION_REPORT, String(Math.max(largest, youngGeneration()))));
