// JWKs (as a JWKS endpoint publishes them, made by Node's KeyObject.export({ format: 'jwk' })):
// RSA and EC P-256, public and private, in createPublicKey/createPrivateKey, crypto.verify with
// { format: 'jwk' } and subtle.importKey('jwk'); RSA signatures compared with Node's.
exports.payload = (require) => {
  const c = require('crypto');
  const rsa = c.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = c.generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const msg = Buffer.from('id token body');
  return {
    rsaPub: rsa.publicKey.export({ format: 'jwk' }), rsaPriv: rsa.privateKey.export({ format: 'jwk' }),
    ecPub: ec.publicKey.export({ format: 'jwk' }), ecPriv: ec.privateKey.export({ format: 'jwk' }),
    rsaSig: c.sign('sha256', msg, rsa.privateKey).toString('base64'),
    ecSig: c.sign('sha256', msg, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64'),
  };
};
async function lambda(input, callback) {
  const crypto = require('crypto');
  const p = input.payload;
  const msg = Buffer.from('id token body');
  const rsaPub = crypto.createPublicKey({ key: p.rsaPub, format: 'jwk' });
  const rsaPriv = crypto.createPrivateKey({ key: p.rsaPriv, format: 'jwk' });
  const ecPriv = crypto.createPrivateKey({ key: p.ecPriv, format: 'jwk' });
  const subtle = crypto.webcrypto.subtle;
  const rsaKey = await subtle.importKey('jwk', p.rsaPub, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
  const rsaSignKey = await subtle.importKey('jwk', p.rsaPriv, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  const ecKey = await subtle.importKey('jwk', p.ecPub, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
  const t = (f) => { try { return f(); } catch (e) { return [e.name, e.code]; } };
  callback(null, {
    types: [rsaPub.type, rsaPriv.type, ecPriv.type, ecPriv.asymmetricKeyType, rsaKey.type],
    rsaVerify: crypto.verify('sha256', msg, rsaPub, Buffer.from(p.rsaSig, 'base64')),
    rsaVerifyOpts: crypto.verify('sha256', msg, { key: p.rsaPub, format: 'jwk' }, Buffer.from(p.rsaSig, 'base64')),
    rsaSameSig: crypto.sign('sha256', msg, rsaPriv).toString('base64') === p.rsaSig,
    rsaSpkiPem: rsaPub.export({ type: 'spki', format: 'pem' }) === crypto.createPublicKey(rsaPriv).export({ type: 'spki', format: 'pem' }),
    ecVerify: crypto.verify('sha256', msg, { key: p.ecPub, format: 'jwk', dsaEncoding: 'ieee-p1363' }, Buffer.from(p.ecSig, 'base64')),
    ecRoundTrip: crypto.verify('sha256', msg, { key: p.ecPub, format: 'jwk' }, crypto.sign('sha256', msg, ecPriv)),
    subtleRsa: await subtle.verify('RSASSA-PKCS1-v1_5', rsaKey, Buffer.from(p.rsaSig, 'base64'), msg),
    subtleRsaSign: Buffer.from(await subtle.sign('RSASSA-PKCS1-v1_5', rsaSignKey, msg)).toString('base64') === p.rsaSig,
    subtleEc: await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecKey, Buffer.from(p.ecSig, 'base64'), msg),
    badKty: t(() => crypto.createPublicKey({ key: { kty: 'nope' }, format: 'jwk' })),
  });
}
