// expect: runtime-exception Cannot find module 'child_process'
function lambda(input, callback) { require('child_process').execSync('id'); }
