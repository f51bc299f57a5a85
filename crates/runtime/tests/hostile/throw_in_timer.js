// expect: runtime-exception TypeError
function lambda(input, callback) { setTimeout(() => { null.x; }, 1); }
