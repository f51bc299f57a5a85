//! Host functions doing the heavy lifting for the `zlib` module (flate2) and `crypto`'s key
//! derivation (RustCrypto `pbkdf2`). The JS halves are `js/modules/zlib.js` and `crypto.js`.
//!
//! Formats follow Node's zlib byte for byte where Node fixes them (gzip header: no name, mtime 0,
//! OS 3, XFL from the level; multi-member gzip; trailing bytes after the last member ignored);
//! the deflate stream itself is miniz_oxide's, which any inflater (Node's included) reads.
//! Every result is copied into engine memory (`ArrayBuffer::new_copy`), so it counts against the
//! function's heap limit; what is held on the Rust side meanwhile is capped by `MAX_OUTPUT`.

use flate2::{Compress, Compression, Crc, Decompress, FlushCompress, FlushDecompress, Status};
use rquickjs::function::Func;
use rquickjs::{ArrayBuffer, Ctx, Exception, Object, Result, TypedArray};

/// The most bytes one zlib call produces (Node's own cap is `buffer.kMaxLength`; ours keeps the
/// Rust-side copy bounded). A smaller `maxOutputLength` option lowers it.
pub(crate) const MAX_OUTPUT: usize = 64 << 20;

/// The most PBKDF2 iterations one call may ask for: the derivation runs on the executor thread
/// and cannot be interrupted, so it is bounded well below the shortest deadline's reach.
pub(crate) const MAX_PBKDF2_ITERATIONS: u32 = 5_000_000;

/// A zlib operation, by the name the JS shim passes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Gzip,
    Deflate,
    DeflateRaw,
    Gunzip,
    Inflate,
    InflateRaw,
    Unzip,
}

impl Op {
    fn parse(name: &str) -> Option<Op> {
        Some(match name {
            "gzip" => Op::Gzip,
            "deflate" => Op::Deflate,
            "deflateRaw" => Op::DeflateRaw,
            "gunzip" => Op::Gunzip,
            "inflate" => Op::Inflate,
            "inflateRaw" => Op::InflateRaw,
            "unzip" => Op::Unzip,
            _ => return None,
        })
    }
}

/// Why a zlib call failed, with Node's message, `code` and `errno`.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub(crate) enum ZlibError {
    #[error("incorrect header check")]
    HeaderCheck,
    #[error("unexpected end of file")]
    UnexpectedEnd,
    #[error("incorrect data check")]
    DataCheck,
    #[error("invalid compressed data: {0}")]
    Data(String),
    #[error("Cannot create a Buffer larger than {0} bytes")]
    TooLarge(usize),
    #[error("unknown zlib operation '{0}'")]
    UnknownOp(String),
}

impl ZlibError {
    fn code(&self) -> &'static str {
        match self {
            ZlibError::UnexpectedEnd => "Z_BUF_ERROR",
            ZlibError::TooLarge(_) => "ERR_BUFFER_TOO_LARGE",
            ZlibError::UnknownOp(_) => "ERR_INVALID_ARG_VALUE",
            _ => "Z_DATA_ERROR",
        }
    }
    fn errno(&self) -> Option<i32> {
        match self {
            ZlibError::UnexpectedEnd => Some(-5),
            ZlibError::TooLarge(_) | ZlibError::UnknownOp(_) => None,
            _ => Some(-3),
        }
    }
}

/// Runs one zlib operation on a whole input. `level` is 0–9 (anything else: 6, zlib's default).
pub(crate) fn zlib(op: &str, data: &[u8], level: i32, limit: usize) -> Result2<Vec<u8>> {
    let op = Op::parse(op).ok_or_else(|| ZlibError::UnknownOp(op.to_owned()))?;
    let level = if (0..=9).contains(&level) {
        level as u32
    } else {
        6
    };
    let limit = limit.min(MAX_OUTPUT);
    match op {
        Op::Gzip => Ok(gzip(data, level)),
        Op::Deflate => Ok(compress(data, level, true)),
        Op::DeflateRaw => Ok(compress(data, level, false)),
        Op::Gunzip => gunzip(data, limit),
        Op::Inflate => check_zlib_header(data).and_then(|_| Ok(inflate(data, true, limit)?.0)),
        Op::InflateRaw => Ok(inflate(data, false, limit)?.0),
        Op::Unzip if data.starts_with(&[0x1f, 0x8b]) => gunzip(data, limit),
        Op::Unzip => check_zlib_header(data).and_then(|_| Ok(inflate(data, true, limit)?.0)),
    }
}

type Result2<T> = std::result::Result<T, ZlibError>;

fn compress(data: &[u8], level: u32, zlib_header: bool) -> Vec<u8> {
    let mut c = Compress::new(Compression::new(level), zlib_header);
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    loop {
        let consumed = c.total_in() as usize;
        let status = c
            .compress_vec(&data[consumed..], &mut out, FlushCompress::Finish)
            .expect("deflate of an in-memory buffer cannot fail");
        if status == Status::StreamEnd {
            return out;
        }
        out.reserve(out.capacity().max(64));
    }
}

fn gzip(data: &[u8], level: u32) -> Vec<u8> {
    // zlib's header for deflateInit2(windowBits 31): no name or time, XFL from the level, OS unix.
    let xfl = match level {
        9 => 2,
        0 | 1 => 4,
        _ => 0,
    };
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, 3];
    out.extend_from_slice(&compress(data, level, false));
    let mut crc = Crc::new();
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn check_zlib_header(data: &[u8]) -> Result2<()> {
    match data {
        [] | [_] => Err(ZlibError::UnexpectedEnd),
        [cmf, flg, ..] if cmf & 0x0f == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0 => {
            Ok(())
        }
        _ => Err(ZlibError::HeaderCheck),
    }
}

/// Inflates one stream from the start of `data`; answers the output and the bytes consumed.
fn inflate(data: &[u8], zlib_header: bool, limit: usize) -> Result2<(Vec<u8>, usize)> {
    let mut d = Decompress::new(zlib_header);
    let mut out = Vec::with_capacity((data.len() * 4).clamp(64, limit.max(64)));
    loop {
        if out.len() == out.capacity() {
            if out.len() >= limit {
                return Err(ZlibError::TooLarge(limit));
            }
            out.reserve(out.len().clamp(64, limit - out.len()));
        }
        let (in_before, out_before) = (d.total_in(), d.total_out());
        let status = d
            .decompress_vec(&data[in_before as usize..], &mut out, FlushDecompress::None)
            .map_err(|e| {
                let msg = e.to_string();
                if msg.contains("adler") || msg.contains("checksum") {
                    ZlibError::DataCheck
                } else {
                    ZlibError::Data(msg)
                }
            })?;
        if status == Status::StreamEnd {
            return Ok((out, d.total_in() as usize));
        }
        let stalled = d.total_in() == in_before && d.total_out() == out_before;
        if stalled && out.len() < out.capacity() {
            return Err(ZlibError::UnexpectedEnd);
        }
    }
}

/// Gunzips every member (Node concatenates them); bytes after the last member that do not start
/// another member are ignored, as Node does.
fn gunzip(data: &[u8], limit: usize) -> Result2<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = data;
    let mut first = true;
    loop {
        if !first && !rest.starts_with(&[0x1f, 0x8b]) {
            return Ok(out);
        }
        first = false;
        let body = skip_gzip_header(rest)?;
        let (member, used) = inflate(body, false, limit.saturating_sub(out.len()))?;
        let trailer = body.get(used..used + 8).ok_or(ZlibError::UnexpectedEnd)?;
        let mut crc = Crc::new();
        crc.update(&member);
        let want_crc = u32::from_le_bytes(trailer[..4].try_into().expect("4 bytes"));
        let want_len = u32::from_le_bytes(trailer[4..].try_into().expect("4 bytes"));
        if crc.sum() != want_crc || member.len() as u32 != want_len {
            return Err(ZlibError::DataCheck);
        }
        out.extend_from_slice(&member);
        rest = &body[used + 8..];
        if rest.is_empty() {
            return Ok(out);
        }
    }
}

/// The bytes after a gzip member's header (RFC 1952 §2.3).
fn skip_gzip_header(data: &[u8]) -> Result2<&[u8]> {
    if data.len() < 10 {
        return if data.is_empty() || data.starts_with(&[0x1f, 0x8b][..data.len().min(2)]) {
            Err(ZlibError::UnexpectedEnd)
        } else {
            Err(ZlibError::HeaderCheck)
        };
    }
    if data[0] != 0x1f || data[1] != 0x8b {
        return Err(ZlibError::HeaderCheck);
    }
    if data[2] != 8 {
        return Err(ZlibError::Data("unknown compression method".into()));
    }
    let flags = data[3];
    let mut i = 10;
    let eof = ZlibError::UnexpectedEnd;
    if flags & 4 != 0 {
        let xlen = data.get(i..i + 2).ok_or(eof.clone())?;
        i += 2 + usize::from(u16::from_le_bytes([xlen[0], xlen[1]]));
    }
    for bit in [8u8, 16] {
        if flags & bit != 0 {
            let end = data.get(i..).and_then(|r| r.iter().position(|&b| b == 0));
            i += end.ok_or(eof.clone())? + 1;
        }
    }
    if flags & 2 != 0 {
        i += 2;
    }
    data.get(i..).ok_or(eof)
}

/// Why a key derivation was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub(crate) enum Pbkdf2Error {
    #[error("Invalid digest: {0}")]
    Digest(String),
    #[error("The value of \"iterations\" is out of range. It must be >= 1 && <= {max}. Received {0}", max = MAX_PBKDF2_ITERATIONS)]
    Iterations(u32),
    #[error("The value of \"keylen\" is out of range. It must be <= {max}. Received {0}", max = MAX_PBKDF2_KEY_BYTES)]
    KeyLength(usize),
}

/// The longest key one PBKDF2 call derives (Node allows 2³¹−1 bytes; this keeps the Rust-side
/// buffer bounded).
pub(crate) const MAX_PBKDF2_KEY_BYTES: usize = 1 << 20;

/// PBKDF2-HMAC with the named digest, Node's `crypto.pbkdf2Sync`.
pub(crate) fn pbkdf2(
    alg: &str,
    password: &[u8],
    salt: &[u8],
    iterations: u32,
    len: usize,
) -> std::result::Result<Vec<u8>, Pbkdf2Error> {
    if iterations == 0 || iterations > MAX_PBKDF2_ITERATIONS {
        return Err(Pbkdf2Error::Iterations(iterations));
    }
    if len > MAX_PBKDF2_KEY_BYTES {
        return Err(Pbkdf2Error::KeyLength(len));
    }
    let mut out = vec![0u8; len];
    match alg {
        "md5" => pbkdf2::pbkdf2_hmac::<md5::Md5>(password, salt, iterations, &mut out),
        "sha1" => pbkdf2::pbkdf2_hmac::<sha1::Sha1>(password, salt, iterations, &mut out),
        "sha256" => pbkdf2::pbkdf2_hmac::<sha2::Sha256>(password, salt, iterations, &mut out),
        "sha384" => pbkdf2::pbkdf2_hmac::<sha2::Sha384>(password, salt, iterations, &mut out),
        "sha512" => pbkdf2::pbkdf2_hmac::<sha2::Sha512>(password, salt, iterations, &mut out),
        other => return Err(Pbkdf2Error::Digest(other.to_owned())),
    }
    Ok(out)
}

/// Throws an `Error` carrying Node's `code` (and `errno`, for zlib).
fn throw_coded(ctx: &Ctx<'_>, message: &str, code: &str, errno: Option<i32>) -> rquickjs::Error {
    let e = match Exception::from_message(ctx.clone(), message) {
        Ok(e) => e,
        Err(err) => return err,
    };
    if let Err(err) = e.set("code", code) {
        return err;
    }
    if let Some(n) = errno
        && let Err(err) = e.set("errno", n)
    {
        return err;
    }
    e.throw()
}

/// Copies the bytes of a `Uint8Array` into Rust (see `globals::bytes_of`).
fn bytes(a: &TypedArray<'_, u8>) -> Vec<u8> {
    crate::globals::bytes_of(a)
}

/// Adds `host.zlib` and `host.pbkdf2` (and the AES functions of `cipher.rs`).
pub(crate) fn install<'js>(_ctx: &Ctx<'js>, host: &Object<'js>) -> Result<()> {
    crate::cipher::install(host)?;
    crate::pki::install(host)?;
    host.set(
        "zlib",
        Func::from(
            |ctx: Ctx<'js>,
             op: String,
             data: TypedArray<'js, u8>,
             level: i32,
             limit: f64|
             -> Result<ArrayBuffer<'js>> {
                let limit = if limit.is_finite() && limit >= 0.0 {
                    limit as usize
                } else {
                    MAX_OUTPUT
                };
                match zlib(&op, &bytes(&data), level, limit) {
                    Ok(out) => ArrayBuffer::new_copy(ctx, &out),
                    Err(e) => Err(throw_coded(&ctx, &e.to_string(), e.code(), e.errno())),
                }
            },
        ),
    )?;
    host.set(
        "pbkdf2",
        Func::from(
            |ctx: Ctx<'js>,
             alg: String,
             password: TypedArray<'js, u8>,
             salt: TypedArray<'js, u8>,
             iterations: f64,
             len: f64|
             -> Result<ArrayBuffer<'js>> {
                // The shim checks the arguments as Node does; these casts saturate, and the
                // bounds below then refuse what it let through.
                match pbkdf2(
                    &alg,
                    &bytes(&password),
                    &bytes(&salt),
                    iterations as u32,
                    len as usize,
                ) {
                    Ok(out) => ArrayBuffer::new_copy(ctx, &out),
                    Err(e @ Pbkdf2Error::Digest(_)) => Err(throw_coded(
                        &ctx,
                        &e.to_string(),
                        "ERR_CRYPTO_INVALID_DIGEST",
                        None,
                    )),
                    Err(e) => Err(throw_coded(&ctx, &e.to_string(), "ERR_OUT_OF_RANGE", None)),
                }
            },
        ),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_format() {
        let text = b"fnhost fnhost fnhost fnhost zlib round trip".repeat(20);
        for (c, d) in [
            ("gzip", "gunzip"),
            ("deflate", "inflate"),
            ("deflateRaw", "inflateRaw"),
            ("gzip", "unzip"),
            ("deflate", "unzip"),
        ] {
            let packed = zlib(c, &text, 6, MAX_OUTPUT).unwrap();
            assert!(packed.len() < text.len());
            assert_eq!(zlib(d, &packed, -1, MAX_OUTPUT).unwrap(), text, "{c} → {d}");
        }
    }

    #[test]
    fn gzip_header_is_nodes() {
        let g = zlib("gzip", b"x", 9, MAX_OUTPUT).unwrap();
        assert_eq!(&g[..10], &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
    }

    #[test]
    fn errors_name_nodes_codes() {
        assert_eq!(
            zlib("gunzip", b"hello world", 6, MAX_OUTPUT),
            Err(ZlibError::HeaderCheck)
        );
        assert_eq!(
            zlib("inflate", b"hello", 6, MAX_OUTPUT),
            Err(ZlibError::HeaderCheck)
        );
        let g = zlib("gzip", b"hello hello hello", 6, MAX_OUTPUT).unwrap();
        assert_eq!(
            zlib("gunzip", &g[..g.len() - 4], 6, MAX_OUTPUT),
            Err(ZlibError::UnexpectedEnd)
        );
        let mut bad = g.clone();
        let n = bad.len();
        bad[n - 5] ^= 1;
        assert_eq!(
            zlib("gunzip", &bad, 6, MAX_OUTPUT),
            Err(ZlibError::DataCheck)
        );
        let big = vec![0u8; 10_000];
        let z = zlib("deflate", &big, 6, MAX_OUTPUT).unwrap();
        assert_eq!(zlib("inflate", &z, 6, 1000), Err(ZlibError::TooLarge(1000)));
        assert_eq!(ZlibError::UnexpectedEnd.code(), "Z_BUF_ERROR");
    }

    #[test]
    fn pbkdf2_matches_rfc6070() {
        let out = pbkdf2("sha1", b"password", b"salt", 2, 20).unwrap();
        let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
        assert_eq!(
            pbkdf2("sha1", b"p", b"s", 0, 20),
            Err(Pbkdf2Error::Iterations(0))
        );
        assert!(matches!(
            pbkdf2("whirlpool", b"p", b"s", 1, 20),
            Err(Pbkdf2Error::Digest(_))
        ));
    }
}
