// expect: runtime-exception floating
function lambda(input, callback) { Promise.reject(new Error('floating')); setTimeout(() => callback(null, 'late'), 50); }
