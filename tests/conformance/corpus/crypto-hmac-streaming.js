// Hash/HMAC over many updates and input types; digest encodings.
function lambda(input, callback) {
  const crypto = require('crypto');
  const h = crypto.createHmac('sha512', Buffer.from('0102030405', 'hex'));
  for (let i = 0; i < 100; i++) h.update(String(i));
  h.update(new Uint8Array([1, 2, 3]));
  h.update(Buffer.from('ff', 'hex'));
  const d = crypto.createHash('sha256');
  d.update('é', 'latin1').update('é', 'utf8').update('6869', 'hex').update('aGk=', 'base64');
  const dv = new DataView(new Uint8Array([9, 8, 7]).buffer);
  const t = (f) => { try { f(); return 'ok'; } catch (e) { return [e.name, e.message]; } };
  callback(null, {
    hmac: h.digest('hex'), mixed: d.digest('base64'),
    encodings: ['hex', 'base64', 'latin1', 'base64url'].map((e) => crypto.createHash('md5').update('x').digest(e)),
    dataView: crypto.createHash('sha1').update(dv).digest('hex'),
    twice: t(() => { const x = crypto.createHash('md5'); x.digest(); x.digest(); }),
    unknown: t(() => crypto.createHash('sha3-999')),
    hmacKeyTypes: [crypto.createHmac('sha1', 'k').update('d').digest('hex'), crypto.createHmac('sha1', Buffer.from('k')).update('d').digest('hex'), crypto.createHmac('sha1', new Uint8Array([107])).update('d').digest('hex')],
  });
}
