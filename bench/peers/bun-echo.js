import worker from './echo-worker.js';
Bun.serve({ hostname: '127.0.0.1', port: Number(process.env.PORT), fetch: worker.fetch });
