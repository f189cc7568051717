//! Bytes → text: refusing binary files (known signatures, NUL and control bytes) and UTF-16,
//! dropping a UTF-8 BOM, and falling back to Windows-1252 (said in a notice).

use kiln_i18n::Msg;
use std::borrow::Cow;

use crate::error::DataError;

/// File signatures of common non-text uploads: PNG, JPEG, GIF, ZIP (also .xlsx / .docx), gzip,
/// PDF, OLE (.xls / .doc), 7z, RIFF (WebP, WAV).
const BINARY_MAGIC: [&[u8]; 10] = [
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\x1f\x8b",
    b"%PDF-",
    b"\xd0\xcf\x11\xe0",
    b"7z\xbc\xaf",
    b"RIFF",
];

/// Checks that `bytes` look like text and decodes them: UTF-8 (a BOM is dropped) or, when that
/// fails, Windows-1252 (a superset of Latin-1), which is said in the returned notice.
///
/// # Errors
/// [`DataError::Empty`] for no bytes; [`DataError::Utf16`] for UTF-16 text (say "save it as
/// UTF-8"); [`DataError::NotText`] when there are NUL bytes or many control characters, or start
/// with the signature of a known binary format (PNG, ZIP/XLSX…).
pub fn decode_text(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static str, Option<Msg>), DataError> {
    if bytes.is_empty() {
        return Err(DataError::Empty);
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if looks_utf16(head) {
        return Err(DataError::Utf16);
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)).count();
    if bytes.contains(&0) || controls * 100 > head.len() || BINARY_MAGIC.iter().any(|m| bytes.starts_with(m)) {
        return Err(DataError::NotText);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Cow::Borrowed(text), "UTF-8", None)),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            let notice = Msg::new("data-notice-latin1").arg("line", line);
            Ok((text, "Windows-1252", Some(notice)))
        }
    }
}

/// True for UTF-16 text: a UTF-16 byte-order mark, or (without one) mostly-ASCII text whose
/// every other byte is zero — at least 90 % of the even or of the odd bytes of `head`, and
/// almost none of the others.
fn looks_utf16(head: &[u8]) -> bool {
    if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        return true;
    }
    let pairs = head.len() / 2;
    if pairs < 2 {
        return false;
    }
    let zeros = |parity: usize| head.iter().skip(parity).step_by(2).take(pairs).filter(|&&b| b == 0).count();
    let (even, odd) = (zeros(0), zeros(1));
    let mostly = |n: usize| n * 10 >= pairs * 9;
    let few = |n: usize| n * 20 <= pairs;
    (mostly(even) && few(odd)) || (mostly(odd) && few(even))
}
