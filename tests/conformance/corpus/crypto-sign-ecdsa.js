// ECDSA P-256 (ES256): signatures are randomised, so Node-made ones (DER and IEEE P1363, embedded
// and made in Node at test time) are verified, and fnhost's own signatures round-trip.
const EC8 = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgafr3FXhuPvrfXkpV\nX29NAnVHIlv4KtOTgF1NmLASvc6hRANCAAT0lXpiWT5s1AiC03hak1VVSKMXloTN\nw5+gn5EuGJiY+X8Al2bO/uvcTjUf32664Mr/VLa9f2COEErr95nB357R\n-----END PRIVATE KEY-----\n";
const EC1 = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIGn69xV4bj76315KVV9vTQJ1RyJb+CrTk4BdTZiwEr3OoAoGCCqGSM49\nAwEHoUQDQgAE9JV6Ylk+bNQIgtN4WpNVVUijF5aEzcOfoJ+RLhiYmPl/AJdmzv7r\n3E41H99uuuDK/1S2vX9gjhBK6/eZwd+e0Q==\n-----END EC PRIVATE KEY-----\n";
const ECPUB = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9JV6Ylk+bNQIgtN4WpNVVUijF5aE\nzcOfoJ+RLhiYmPl/AJdmzv7r3E41H99uuuDK/1S2vX9gjhBK6/eZwd+e0Q==\n-----END PUBLIC KEY-----\n";
const NODE_DER = "MEYCIQCrGuo/NcgCvEjO1u1ZFBJi1AHafS2jLnKOgzYemqqA0gIhANT3xFpM8T4Qw7thqxAiBLFZ/HMTijbMiSjv7zs0s+WD";
const NODE_P1363 = "aNnY5L6WCpZw6mu029bqfAPuU6d1Wt2mrxiIuafIclZWaOVRWsUb/MvPHlY0F8Mge8OszqrEP2UDgchS0K/GnA==";
exports.payload = (require) => {
  const c = require('crypto');
  const m = Buffer.from('payload made in node');
  return { der: c.sign('sha256', m, EC8).toString('base64'), p1363: c.sign('sha256', m, { key: EC1, dsaEncoding: 'ieee-p1363' }).toString('base64'), sha384: c.createSign('sha384').update(m).sign(EC8, 'hex') };
};
function lambda(input, callback) {
  const crypto = require('crypto');
  const msg = Buffer.from('fnhost ecdsa message');
  const m2 = Buffer.from('payload made in node');
  const p = input.payload;
  const der = crypto.sign('sha256', msg, EC8);
  const p1363 = crypto.createSign('SHA256').update(msg).sign({ key: EC1, dsaEncoding: 'ieee-p1363' });
  callback(null, {
    embeddedDer: crypto.verify('sha256', msg, ECPUB, Buffer.from(NODE_DER, 'base64')),
    embeddedP1363: crypto.verify('sha256', msg, { key: ECPUB, dsaEncoding: 'ieee-p1363' }, Buffer.from(NODE_P1363, 'base64')),
    p1363AsDer: crypto.verify('sha256', msg, ECPUB, Buffer.from(NODE_P1363, 'base64')),
    payloadDer: crypto.createVerify('sha256').update(m2).verify(ECPUB, p.der, 'base64'),
    payloadP1363: crypto.verify('sha256', m2, { key: EC8, dsaEncoding: 'ieee-p1363' }, Buffer.from(p.p1363, 'base64')),
    payloadSha384: crypto.createVerify('sha384').update(m2).verify(ECPUB, p.sha384, 'hex'),
    wrongMessage: crypto.verify('sha256', m2, ECPUB, Buffer.from(NODE_DER, 'base64')),
    derShape: [der[0], der.length >= 8 && der.length <= 72],
    roundTripDer: crypto.verify('sha256', msg, ECPUB, der),
    p1363Length: p1363.length,
    roundTripP1363: crypto.createVerify('sha256').update(msg).verify({ key: ECPUB, dsaEncoding: 'ieee-p1363' }, p1363),
    sec1Signs: crypto.verify('sha256', msg, EC1, crypto.sign('sha256', msg, EC1)),
    garbageSig: crypto.verify('sha256', msg, ECPUB, Buffer.alloc(10)),
  });
}
