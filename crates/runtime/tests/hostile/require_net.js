// expect: runtime-exception Cannot find module 'net'
function lambda(input, callback) { require('net').connect(80, '127.0.0.1'); }
