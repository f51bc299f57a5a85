// expect: log-limit-reached
function lambda(input, callback) { for (let i = 0; i < 10000; i++) console.info('log', i); callback(null, 'ok'); }
