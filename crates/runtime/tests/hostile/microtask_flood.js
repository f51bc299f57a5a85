// expect: runtime-exception|executiontime-exceeded
function lambda(input, callback) { const loop = () => Promise.resolve().then(loop); loop(); }
