// crypto.subtle with RSASSA-PKCS1-v1_5 (deterministic: signatures compared with Node's) and ECDSA
// P-256 (IEEE P1363 signatures: a Node-made one verified, fnhost's own round-tripped).
const RSA8 = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCrv1EnwuXJ5k/M\nc10wvW0ITxsN7VwpdQz3fXaY2Itivp1BsNDwgQ2Q3AL0PGMNgO/uNf2k0OY+oVHY\nGRAkSprGv8b4plPcDvHHu0F0a3OLZxnM+t5fd+Wl4ow+rGLmKu0NYaCMYIbo4VB9\n6uegCvDeNwkO8+BHAa6ylJ1fJrwXVKu8myhsT6p+6jHtOAAyBso7qMEP6DfrP60I\nKcEeqXgLpMYXdvioETfS6xtal+EcOSWSUX/2aP5xE+BfirAIw3GjxpjT2UL3Y2MU\nMMBRL0P/UkBciu8OpybCxQcK8713UuzOl1VfT2QxxNCp77mFwg3rmX9Z/853AL4s\nJgWzLLM3AgMBAAECggEADeblEfkH3PwRs9oXY4AZyMU6dTn5g/jlDU1wYaE5myBp\nyJegOgTVjRxkotIWhHvOMAkvwv0OfhL/IHpa4PfRp8p94mz4NxpV6NXCpRf42New\nx3OmYgeUT6/9q9RhXFcs1rCd1xm4dzZHFoItWzo3fWKVZEqfpK/BV9Q0GYUgTtUE\n4aPvf7POMSH0AsUnQU2lyvrNaSCKftUu2isPbCmgEv1bLHyLT1B9Idl2Oh39TyQb\nk1eHfUPQ/MIT4sKpUb5SGDkfut0wMUG9xwVnfY7LH0gDy2l7IvFEx/p9OZxTA+5H\nNsWWoDJd9SByGMygrJ4RPdA/grUWl6m89nys/2f8NQKBgQDeMdaaFZM5iBYHZ/2g\nmd/+b4X2xAzQXBvNqjrsuhiHXnjDSyhRZGK9TXCt5pV+oaxBWtHWZoVR9xAW3W9s\nvCZtUrj4VdZqO0MFOBRRav+S5FRwzVs5zRBW61mD8NMphuwpsU8WZmqLwc/dzrJC\nJssMSLJoXEvFwCaRFkxOSX0xzQKBgQDF4KCc/pgwSRfpyayEpoNRYIpVMaW2M5H6\n456YuCFjgCJ0vhWz7D1t1l63PmJltKgnnpB9BZ2jrprNoEHhpWCAUjeKiRULj6TX\nRaJdRVIwAQOZGpT/vOaOJozCkHxA9JPgVQWEsOz6PgXLw4TAo4L2ByzOisGaqofR\nZo4Y240FEwKBgHXDtnk+PCS+8uYEANIRHD4vf7I1YJFCcF4F/msfiwacVKc1e24A\nJbEtjS4uS0etiq2s5BCdj8XMi5OC056u7jL9KBo+7ICrXi8y9NneOwzwxaxvuw0c\nma9n167tgg29fAfw+PjnWUsvcuudtK8I/o9JLH3RhTuPRyGYzuKjYp51AoGANaQt\nJiIGU6Cc8O2Q7OzO0HKhTXMF/xx/yEmIJtJTisuji440B/BUvr/MMVSiC/wrUYI0\nnQ+2qjadFH0LHwZb4K1pDQ8YO2gXQZxI5YvzObwso4aHOcSVo5djtSLB7EHhDIE/\n27aypyvFGnXIOQiaaeOMC/mlfi4YX3Wzs51g3y0CgYEAw6pMuH+0DIdWzg3/c/j8\ntxv+TY2/O7DHtQG536eYO7meeynmZTOzkbCGnPrE/TaGllTxrG6pAW6jvJaHhYKf\n9P6Y5DJrIenQnDRTaCyxYYFTuqRiXa6RdQSIZgo3SHZnIsvwSZlOe/QXN6W7kSQ4\n+Cl/vFriVzrawBTec/otzas=\n-----END PRIVATE KEY-----\n";
const RSAPUB = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq79RJ8LlyeZPzHNdML1t\nCE8bDe1cKXUM9312mNiLYr6dQbDQ8IENkNwC9DxjDYDv7jX9pNDmPqFR2BkQJEqa\nxr/G+KZT3A7xx7tBdGtzi2cZzPreX3flpeKMPqxi5irtDWGgjGCG6OFQfernoArw\n3jcJDvPgRwGuspSdXya8F1SrvJsobE+qfuox7TgAMgbKO6jBD+g36z+tCCnBHql4\nC6TGF3b4qBE30usbWpfhHDklklF/9mj+cRPgX4qwCMNxo8aY09lC92NjFDDAUS9D\n/1JAXIrvDqcmwsUHCvO9d1LszpdVX09kMcTQqe+5hcIN65l/Wf/OdwC+LCYFsyyz\nNwIDAQAB\n-----END PUBLIC KEY-----\n";
const EC8 = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgafr3FXhuPvrfXkpV\nX29NAnVHIlv4KtOTgF1NmLASvc6hRANCAAT0lXpiWT5s1AiC03hak1VVSKMXloTN\nw5+gn5EuGJiY+X8Al2bO/uvcTjUf32664Mr/VLa9f2COEErr95nB357R\n-----END PRIVATE KEY-----\n";
const ECPUB = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9JV6Ylk+bNQIgtN4WpNVVUijF5aE\nzcOfoJ+RLhiYmPl/AJdmzv7r3E41H99uuuDK/1S2vX9gjhBK6/eZwd+e0Q==\n-----END PUBLIC KEY-----\n";
exports.payload = (require) => {
  const c = require('crypto');
  return { ecSig: c.sign('sha256', Buffer.from('subtle message'), { key: EC8, dsaEncoding: 'ieee-p1363' }).toString('base64') };
};
async function lambda(input, callback) {
  const subtle = require('crypto').webcrypto.subtle;
  const der = (pem) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const msg = Buffer.from('subtle message');
  const rsaAlg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const priv = await subtle.importKey('pkcs8', der(RSA8), rsaAlg, true, ['sign']);
  const pub = await subtle.importKey('spki', der(RSAPUB), rsaAlg, true, ['verify']);
  const sig = await subtle.sign('RSASSA-PKCS1-v1_5', priv, msg);
  const ecAlg = { name: 'ECDSA', namedCurve: 'P-256' };
  const ecPriv = await subtle.importKey('pkcs8', der(EC8), ecAlg, false, ['sign']);
  const ecPub = await subtle.importKey('spki', der(ECPUB), ecAlg, true, ['verify']);
  const ecSig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, ecPriv, msg);
  const err = async (p) => { try { await p; return 'resolved'; } catch (e) { return e.name; } };
  callback(null, {
    rsaKey: [priv.type, pub.type, priv.algorithm.name, priv.algorithm.modulusLength, Array.from(priv.algorithm.publicExponent), priv.algorithm.hash.name, pub.usages],
    rsaSig: [sig instanceof ArrayBuffer, Buffer.from(sig).toString('base64')],
    rsaVerify: await subtle.verify(rsaAlg, pub, sig, msg),
    rsaTampered: await subtle.verify(rsaAlg, pub, sig, Buffer.from('other')),
    spkiExport: Buffer.from(await subtle.exportKey('spki', pub)).equals(der(RSAPUB)),
    ecKey: [ecPriv.type, ecPub.type, ecPriv.algorithm.name, ecPriv.algorithm.namedCurve, ecPriv.extractable],
    ecSigLength: ecSig.byteLength,
    ecRoundTrip: await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, ecPub, ecSig, msg),
    ecNodeSig: await subtle.verify({ name: 'ECDSA', hash: { name: 'SHA-256' } }, ecPub, Buffer.from(input.payload.ecSig, 'base64'), msg),
    ecWrongHash: await subtle.verify({ name: 'ECDSA', hash: 'SHA-384' }, ecPub, ecSig, msg),
    errors: [
      await err(subtle.importKey('spki', Buffer.from('nonsense'), rsaAlg, true, ['verify'])),
      await err(subtle.importKey('spki', der(ECPUB), rsaAlg, true, ['verify'])),
      await err(subtle.sign('RSASSA-PKCS1-v1_5', pub, msg)),
      await err(subtle.importKey('raw', Buffer.from('k'), { name: 'NOPE' }, true, ['sign'])),
    ],
  });
}
