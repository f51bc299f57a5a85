// expect: runtime-exception Cannot find module 'fs'
function lambda(input, callback) { require('fs'); }
