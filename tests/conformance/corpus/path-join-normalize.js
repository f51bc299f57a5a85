// path.join / normalize / resolve edge cases (POSIX; the working directory of a function is /).
function lambda(input, callback) {
  const path = require('path');
  callback(null, {
    join: [path.join('/foo', 'bar', 'baz/asdf', 'quux', '..'), path.join('foo', '', 'bar'), path.join(''), path.join(), path.join('a/', '/b/', './c/'), path.join('..', 'a', '../..', 'b'), path.join('/', '..', 'x'), path.join('a', '.'), path.join('./', 'a//b')],
    normalize: [path.normalize('/foo/bar//baz/asdf/quux/..'), path.normalize(''), path.normalize('./'), path.normalize('a/../..'), path.normalize('//a//b/'), path.normalize('/..'), path.normalize('a/./b/.'), path.normalize('../../x/../y'), path.normalize('.../...//x')],
    resolve: [path.resolve('/foo/bar', './baz'), path.resolve('/foo/bar', '/tmp/file/'), path.resolve('/a', 'b', '..', 'c'), path.resolve('/'), path.resolve('/a/b/', '../../..'), path.resolve('/x', '')],
    isAbsolute: [path.isAbsolute('/foo'), path.isAbsolute('foo'), path.isAbsolute(''), path.isAbsolute('./x')],
    sep: [path.sep, path.delimiter, path.posix === path, path.posix.join('a', 'b')],
  });
}
