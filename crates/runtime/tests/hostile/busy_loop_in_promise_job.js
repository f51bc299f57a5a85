// expect: executiontime-exceeded
function lambda(input, callback) { Promise.resolve().then(() => { while (true) {} }); }
