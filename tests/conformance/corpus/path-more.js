// More path edge cases: dots, trailing slashes, resolve with many arguments, relative round trips.
function lambda(input, callback) {
  const path = require('path');
  const pairs = [['/a/b/c', '/a/d'], ['/a', '/a/b/../c'], ['/a/b', '/'], ['/', '/'], ['/x/y/', '/x/y/z/'], ['/foo/../bar', '/bar/baz']];
  callback(null, {
    relative: pairs.map(([f, t]) => path.relative(f, t)),
    roundTrip: pairs.map(([f, t]) => path.resolve(f, path.relative(f, t)) === path.resolve(t)),
    resolveMany: path.resolve('a', 'b', '/c', 'd', '..', 'e/'),
    dots: ['.', '..', '...', './', '../', '.a', 'a.', '.a.b', 'a..b', '/.'].map((p) => [path.basename(p), path.extname(p), path.dirname(p), path.normalize(p)]),
    slashes: ['///a///b///', 'a//', '//'].map((p) => [path.normalize(p), path.dirname(p), path.basename(p), path.parse(p)]),
    unicode: path.join('/ünï', 'cödé', '..', '🎉.txt'),
  });
}
