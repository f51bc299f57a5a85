import worker from './echo-worker.js';
Deno.serve({ hostname: '127.0.0.1', port: Number(Deno.env.get('PORT')), onListen() {} }, worker.fetch);
