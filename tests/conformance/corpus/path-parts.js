// path.dirname / basename / extname / parse / format / relative edge cases.
function lambda(input, callback) {
  const path = require('path');
  const samples = ['/home/user/dir/file.txt', 'file', '.bashrc', 'archive.tar.gz', '/', '', 'a/b/', '//x', '/a/.b.', 'dir/..', 'x.', '..', '...'];
  callback(null, {
    dirname: samples.map((p) => path.dirname(p)),
    basename: samples.map((p) => path.basename(p)),
    basenameExt: [path.basename('/a/b.html', '.html'), path.basename('/a/b.html', 'html'), path.basename('aaa', 'a'), path.basename('.js', '.js'), path.basename('a/b.js/', '.js')],
    extname: samples.map((p) => path.extname(p)),
    parse: samples.map((p) => path.parse(p)),
    format: [path.format({ root: '/ignored', dir: '/home/user/dir', base: 'file.txt' }), path.format({ root: '/', base: 'file.txt', ext: 'ignored' }), path.format({ root: '/', name: 'file', ext: '.txt' }), path.format({ name: 'x' })],
    relative: [path.relative('/data/orandea/test/aaa', '/data/orandea/impl/bbb'), path.relative('/a/b', '/a/b/c/d'), path.relative('/a/b/c', '/a'), path.relative('/a', '/a'), path.relative('/foo/bar', '/foo/barbaz'), path.relative('/', '/x/y')],
    typeError: (() => { try { path.join('a', 1); } catch (e) { return [e.name, e.code]; } })(),
  });
}
