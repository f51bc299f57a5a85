// expect: ok polluted
Object.prototype.polluted = 'yes'; Array.prototype.map = function () { return 'hijacked'; }; JSON.stringify = () => 'hijacked';
function lambda(input, callback) { callback(null, 'polluted'); }
