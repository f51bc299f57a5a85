// AES-CTR (NIST vector, odd-sized chunks) and AES-GCM (the GCM paper's test case 4, AAD, tags,
// tampering, short tags).
function lambda(input, callback) {
  const crypto = require('crypto');
  const key = Buffer.from('2b7e151628aed2a6abf7158809cf4f3c', 'hex');
  const ctrIv = Buffer.from('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff', 'hex');
  const pt = Buffer.from('6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51', 'hex');
  const c = crypto.createCipheriv('aes-128-ctr', key, ctrIv);
  const ctrChunks = [pt.subarray(0, 3), pt.subarray(3, 20), pt.subarray(20)].map((p) => c.update(p).toString('hex'));
  ctrChunks.push(c.final('hex'));
  const wrap = crypto.createCipheriv('aes-256-ctr', Buffer.alloc(32, 3), Buffer.from('ffffffffffffffffffffffffffffffff', 'hex'));
  const gk = Buffer.from('feffe9928665731c6d6a8f9467308308', 'hex');
  const giv = Buffer.from('cafebabefacedbaddecaf888', 'hex');
  const gpt = Buffer.from('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39', 'hex');
  const aad = Buffer.from('feedfacedeadbeeffeedfacedeadbeefabaddad2', 'hex');
  const g = crypto.createCipheriv('aes-128-gcm', gk, giv);
  g.setAAD(aad);
  const gct = Buffer.concat([g.update(gpt.subarray(0, 7)), g.update(gpt.subarray(7)), g.final()]);
  const tag = g.getAuthTag();
  const open = (t, data, a, opts) => { const d = crypto.createDecipheriv('aes-128-gcm', gk, giv, opts); if (a) d.setAAD(a); if (t) d.setAuthTag(t); try { return Buffer.concat([d.update(data), d.final()]).toString('hex'); } catch (e) { return [e.name, e.message]; } };
  const g256 = crypto.createCipheriv('aes-256-gcm', Buffer.alloc(32, 1), Buffer.alloc(12, 2), { authTagLength: 12 });
  const g256ct = g256.update('short tag', 'utf8', 'hex') + g256.final('hex');
  const empty = crypto.createCipheriv('aes-192-gcm', Buffer.alloc(24), Buffer.alloc(12));
  empty.final();
  const tamper = Buffer.from(gct); tamper[0] ^= 1;
  callback(null, {
    ctrChunks, wrap: wrap.update(Buffer.alloc(40)).toString('hex'),
    gcm: [gct.toString('hex'), tag.toString('hex')],
    opened: open(tag, gct, aad), wrongTag: open(Buffer.alloc(16), gct, aad), noAad: open(tag, gct), tampered: open(tag, tamper, aad), noTag: open(null, gct, aad),
    shortTag: [g256ct, g256.getAuthTag().toString('hex')], truncatedTagOpen: open(tag.subarray(0, 12), gct, aad, { authTagLength: 12 }),
    emptyTag: empty.getAuthTag().toString('hex'),
    stateErrors: [(() => { try { crypto.createCipheriv('aes-128-gcm', gk, giv).getAuthTag(); } catch (e) { return e.code; } })()],
  });
}
