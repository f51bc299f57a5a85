// PBKDF2 vectors (RFC 6070 for SHA-1, and the common SHA-256/512 ones), sync and callback forms.
function lambda(input, callback) {
  const crypto = require('crypto');
  const out = {
    sha1: [crypto.pbkdf2Sync('password', 'salt', 1, 20, 'sha1').toString('hex'), crypto.pbkdf2Sync('password', 'salt', 4096, 20, 'sha1').toString('hex'),
      crypto.pbkdf2Sync('passwordPASSWORDpassword', 'saltSALTsaltSALTsaltSALTsaltSALTsalt', 4096, 25, 'sha1').toString('hex'),
      crypto.pbkdf2Sync('pass\0word', 'sa\0lt', 4096, 16, 'sha1').toString('hex')],
    sha256: crypto.pbkdf2Sync('password', 'salt', 2, 32, 'sha256').toString('hex'),
    sha512: crypto.pbkdf2Sync(Buffer.from('password'), Buffer.from('salt'), 3, 64, 'sha512').toString('base64'),
    md5: crypto.pbkdf2Sync('p', 's', 10, 10, 'md5').toString('hex'),
    zeroLen: crypto.pbkdf2Sync('p', 's', 1, 0, 'sha256').length,
  };
  const t = (f) => { try { f(); return 'no error'; } catch (e) { return [e.name, e.code]; } };
  out.errors = [t(() => crypto.pbkdf2Sync('p', 's', 0, 10, 'sha1')), t(() => crypto.pbkdf2Sync('p', 's', 1, 10, 'nope')), t(() => crypto.pbkdf2Sync('p', 's', 1, -1, 'sha1'))];
  crypto.pbkdf2('secret', 'salt', 1000, 16, 'sha256', (err, key) => {
    out.callback = err ? String(err) : key.toString('hex');
    callback(null, out);
  });
}
