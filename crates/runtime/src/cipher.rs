//! AES for `crypto.createCipheriv`/`createDecipheriv` (aes-128/192/256 in CBC, ECB, CTR and
//! GCM), RustCrypto's `aes`, `ctr` and `aes-gcm`. The JS half (`js/modules/crypto.js`) keeps the
//! stream state (pending bytes, the chaining IV, the CTR offset, GCM's data and AAD); every call
//! here is stateless, so nothing outlives a call on the Rust side.

use aes::cipher::consts::U16;
use aes::cipher::{
    BlockDecrypt, BlockEncrypt, BlockSizeUser, InnerIvInit, KeyInit, StreamCipher, StreamCipherSeek,
};
use aes::{Aes128, Aes192, Aes256};
use aes_gcm::aead::AeadInPlace;
use aes_gcm::{AesGcm, Nonce};
use rquickjs::function::Func;
use rquickjs::{ArrayBuffer, Ctx, Exception, Object, Result, TypedArray};

/// A block-level AES operation, by the name the JS shim passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    /// CBC over whole blocks (no padding: the shim pads and holds back the last block).
    CbcEncrypt,
    CbcDecrypt,
    EcbEncrypt,
    EcbDecrypt,
    /// The keystream of a 128-bit big-endian counter starting at the IV, from a byte offset.
    Ctr,
    /// GCM's keystream for a 96-bit IV: a 32-bit counter from IV ‖ 2, from a byte offset.
    GcmCtr,
}

impl Op {
    fn parse(s: &str) -> Option<Op> {
        Some(match s {
            "cbc-enc" => Op::CbcEncrypt,
            "cbc-dec" => Op::CbcDecrypt,
            "ecb-enc" => Op::EcbEncrypt,
            "ecb-dec" => Op::EcbDecrypt,
            "ctr" => Op::Ctr,
            "gcm-ctr" => Op::GcmCtr,
            _ => return None,
        })
    }
}

/// Why an AES call was refused (the shim validates first; these are the backstops).
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum CipherError {
    #[error("Invalid key length")]
    KeyLength,
    #[error("Invalid initialization vector")]
    IvLength,
    #[error("data is not a multiple of the block length")]
    BlockLength,
    #[error("unknown AES operation '{0}'")]
    UnknownOp(String),
}

impl CipherError {
    fn code(&self) -> &'static str {
        match self {
            CipherError::KeyLength => "ERR_CRYPTO_INVALID_KEYLEN",
            CipherError::IvLength => "ERR_CRYPTO_INVALID_IV",
            CipherError::BlockLength => "ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH",
            CipherError::UnknownOp(_) => "ERR_CRYPTO_UNKNOWN_CIPHER",
        }
    }
}

fn blocks<C: BlockEncrypt + BlockDecrypt + KeyInit + BlockSizeUser<BlockSize = U16>>(
    op: Op,
    key: &[u8],
    iv: &[u8],
    data: &mut [u8],
) -> std::result::Result<(), CipherError> {
    let c = C::new_from_slice(key).map_err(|_| CipherError::KeyLength)?;
    if !data.len().is_multiple_of(16) {
        return Err(CipherError::BlockLength);
    }
    let mut chain: [u8; 16] = match op {
        Op::CbcEncrypt | Op::CbcDecrypt => iv.try_into().map_err(|_| CipherError::IvLength)?,
        _ => [0; 16],
    };
    for block in data.chunks_exact_mut(16) {
        let b = aes::Block::from_mut_slice(block);
        match op {
            Op::CbcEncrypt => {
                b.iter_mut().zip(chain).for_each(|(x, y)| *x ^= y);
                c.encrypt_block(b);
                chain.copy_from_slice(b);
            }
            Op::CbcDecrypt => {
                let next: [u8; 16] = (*b).into();
                c.decrypt_block(b);
                b.iter_mut().zip(chain).for_each(|(x, y)| *x ^= y);
                chain = next;
            }
            Op::EcbEncrypt => c.encrypt_block(b),
            _ => c.decrypt_block(b),
        }
    }
    Ok(())
}

/// Applies the CTR (or GCM's) keystream from byte `offset`, for one concrete AES type.
macro_rules! keystream {
    ($c:ty, $op:expr, $key:expr, $iv:expr, $offset:expr, $data:expr) => {{
        let key = <$c>::new_from_slice($key).map_err(|_| CipherError::KeyLength)?;
        if $op == Op::Ctr {
            let iv: [u8; 16] = $iv.try_into().map_err(|_| CipherError::IvLength)?;
            let mut s =
                ctr::Ctr128BE::<$c>::from_core(ctr::CtrCore::inner_iv_init(key, &iv.into()));
            s.seek($offset);
            s.apply_keystream($data);
        } else {
            let iv: [u8; 12] = $iv.try_into().map_err(|_| CipherError::IvLength)?;
            let mut counter = [0u8; 16];
            counter[..12].copy_from_slice(&iv);
            counter[15] = 2;
            let mut s =
                ctr::Ctr32BE::<$c>::from_core(ctr::CtrCore::inner_iv_init(key, &counter.into()));
            s.seek($offset);
            s.apply_keystream($data);
        }
        Ok::<(), CipherError>(())
    }};
}

/// Runs one AES operation on `data` (in place) with a key of 16, 24 or 32 bytes.
pub(crate) fn aes(
    op: &str,
    key: &[u8],
    iv: &[u8],
    offset: u64,
    mut data: Vec<u8>,
) -> std::result::Result<Vec<u8>, CipherError> {
    let op = Op::parse(op).ok_or_else(|| CipherError::UnknownOp(op.to_owned()))?;
    macro_rules! run {
        ($c:ty) => {
            match op {
                Op::Ctr | Op::GcmCtr => keystream!($c, op, key, iv, offset, &mut data[..]),
                _ => blocks::<$c>(op, key, iv, &mut data),
            }
        };
    }
    match key.len() {
        16 => run!(Aes128),
        24 => run!(Aes192),
        32 => run!(Aes256),
        _ => Err(CipherError::KeyLength),
    }?;
    Ok(data)
}

/// GCM's 16-byte tag of `plaintext` and `aad` under a 96-bit IV (the shim compares a received tag
/// with this one in constant time).
pub(crate) fn gcm_tag(
    key: &[u8],
    iv: &[u8],
    aad: &[u8],
    plaintext: &[u8],
) -> std::result::Result<Vec<u8>, CipherError> {
    if iv.len() != 12 {
        return Err(CipherError::IvLength);
    }
    let nonce = Nonce::from_slice(iv);
    let mut buf = plaintext.to_vec();
    macro_rules! tag {
        ($c:ty) => {
            AesGcm::<$c, aes_gcm::aead::consts::U12>::new_from_slice(key)
                .map_err(|_| CipherError::KeyLength)?
                .encrypt_in_place_detached(nonce, aad, &mut buf)
                .map_err(|_| CipherError::BlockLength)?
        };
    }
    let tag = match key.len() {
        16 => tag!(Aes128),
        24 => tag!(Aes192),
        32 => tag!(Aes256),
        _ => return Err(CipherError::KeyLength),
    };
    Ok(tag.to_vec())
}

fn throw(ctx: &Ctx<'_>, e: &CipherError) -> rquickjs::Error {
    let ex = match Exception::from_message(ctx.clone(), &e.to_string()) {
        Ok(ex) => ex,
        Err(err) => return err,
    };
    if let Err(err) = ex.set("code", e.code()) {
        return err;
    }
    ex.throw()
}

/// Adds `host.aes` and `host.gcmTag`.
pub(crate) fn install<'js>(host: &Object<'js>) -> Result<()> {
    use crate::globals::bytes_of;
    host.set(
        "aes",
        Func::from(
            |ctx: Ctx<'js>,
             op: String,
             key: TypedArray<'js, u8>,
             iv: TypedArray<'js, u8>,
             offset: f64,
             data: TypedArray<'js, u8>|
             -> Result<ArrayBuffer<'js>> {
                match aes(
                    &op,
                    &bytes_of(&key),
                    &bytes_of(&iv),
                    offset.max(0.0) as u64,
                    bytes_of(&data),
                ) {
                    Ok(out) => ArrayBuffer::new_copy(ctx, &out),
                    Err(e) => Err(throw(&ctx, &e)),
                }
            },
        ),
    )?;
    host.set(
        "gcmTag",
        Func::from(
            |ctx: Ctx<'js>,
             key: TypedArray<'js, u8>,
             iv: TypedArray<'js, u8>,
             aad: TypedArray<'js, u8>,
             plaintext: TypedArray<'js, u8>|
             -> Result<ArrayBuffer<'js>> {
                match gcm_tag(
                    &bytes_of(&key),
                    &bytes_of(&iv),
                    &bytes_of(&aad),
                    &bytes_of(&plaintext),
                ) {
                    Ok(out) => ArrayBuffer::new_copy(ctx, &out),
                    Err(e) => Err(throw(&ctx, &e)),
                }
            },
        ),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    #[test]
    fn nist_sp800_38a_vectors() {
        let key = hex("2b7e151628aed2a6abf7158809cf4f3c");
        let pt = hex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
        let iv = hex("000102030405060708090a0b0c0d0e0f");
        let cbc = aes("cbc-enc", &key, &iv, 0, pt.clone()).unwrap();
        assert_eq!(
            cbc,
            hex("7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b2")
        );
        assert_eq!(aes("cbc-dec", &key, &iv, 0, cbc).unwrap(), pt);
        let ecb = aes("ecb-enc", &key, &[], 0, pt[..16].to_vec()).unwrap();
        assert_eq!(ecb, hex("3ad77bb40d7a3660a89ecaf32466ef97"));
        let ctr_iv = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        let ctr = aes("ctr", &key, &ctr_iv, 0, pt.clone()).unwrap();
        assert_eq!(
            ctr,
            hex("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff")
        );
        // Seeking: the second block alone from offset 16.
        assert_eq!(
            aes("ctr", &key, &ctr_iv, 16, pt[16..].to_vec()).unwrap(),
            ctr[16..]
        );
    }

    #[test]
    fn gcm_test_case_3() {
        // "The Galois/Counter Mode of Operation", test case 3 (AES-128, 96-bit IV, no AAD).
        let key = hex("feffe9928665731c6d6a8f9467308308");
        let iv = hex("cafebabefacedbaddecaf888");
        let pt = hex(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
        );
        let ct = aes("gcm-ctr", &key, &iv, 0, pt.clone()).unwrap();
        assert_eq!(&ct[..16], &hex("42831ec2217774244b7221b784d0d49c")[..]);
        assert_eq!(
            gcm_tag(&key, &iv, &[], &pt).unwrap(),
            hex("4d5c2af327cd64a62cf35abd2ba6fab4")
        );
    }

    #[test]
    fn refusals_name_nodes_codes() {
        assert_eq!(
            aes("cbc-enc", &[0; 15], &[0; 16], 0, vec![0; 16]),
            Err(CipherError::KeyLength)
        );
        assert_eq!(
            aes("cbc-enc", &[0; 16], &[0; 15], 0, vec![0; 16]),
            Err(CipherError::IvLength)
        );
        assert_eq!(
            aes("cbc-enc", &[0; 16], &[0; 16], 0, vec![0; 5]),
            Err(CipherError::BlockLength)
        );
        assert_eq!(CipherError::KeyLength.code(), "ERR_CRYPTO_INVALID_KEYLEN");
    }
}
