//! Fresh request IDs, in the service's form: 36 upper-case hex digits and dashes, e.g.
//! `14E2B1A9-7713-5E6F-8409-8DE12DF51AF4`.

use std::sync::atomic::{AtomicU64, Ordering};

/// A counter mixed into every ID, so IDs stay unique even if the OS generator fails.
static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new request ID: 128 bits from the OS generator (or, should it fail, the clock and a
/// counter), formatted 8-4-4-4-12.
pub(crate) fn request_id() -> String {
    let mut bytes = [0_u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes = nanos.to_be_bytes();
    }
    let count = COUNTER.fetch_add(1, Ordering::Relaxed).to_be_bytes();
    for (byte, extra) in bytes[8..].iter_mut().zip(count) {
        *byte ^= extra;
    }
    let mut id = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    id
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// The time part of the last resource ID made, in milliseconds.
static LAST_MILLIS: AtomicU64 = AtomicU64::new(0);

/// The characters of the random part of a directory ID.
const BASE36: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";

/// A new directory ID in the service's form: `d-` and 12 lower-case letters and digits (the
/// documented `d-00fc2p61****` is 14 characters, its last 4 masked).
pub(crate) fn directory_id() -> String {
    let mut bytes = [0_u8; 12];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let count = u128::from(COUNTER.fetch_add(1, Ordering::Relaxed));
        for (i, byte) in bytes.iter_mut().enumerate() {
            let shift = u32::try_from(i * 8).unwrap_or(0);
            *byte = u8::try_from(((nanos ^ (count << 64)) >> shift) & 0xff).unwrap_or(0);
        }
    }
    let mut id = String::with_capacity(14);
    id.push_str("d-");
    for byte in bytes {
        id.push(char::from(BASE36[usize::from(byte) % BASE36.len()]));
    }
    id
}

/// Random bytes from the OS generator, or, should it fail, from the clock and a counter.
fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0_u8; N];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let count = u128::from(COUNTER.fetch_add(1, Ordering::Relaxed));
        for (i, byte) in bytes.iter_mut().enumerate() {
            let shift = u32::try_from((i % 16) * 8).unwrap_or(0);
            *byte = u8::try_from(((nanos ^ (count << 64)) >> shift) & 0xff).unwrap_or(0);
        }
    }
    bytes
}

/// A new resource ID in the service's form: `prefix` and 20 lower-case letters and digits
/// (`u-00q8wbq42wiltcrk****`, `g-`, `mfa-`, `idp-c-`, `scimcred-`: the documented examples
/// are 20 characters after the prefix, the last 4 masked). The first 9 are the time in
/// milliseconds (base 36), strictly increasing, so IDs sort in creation order; 11 are
/// random.
pub(crate) fn resource_id(prefix: &str) -> String {
    let mut id = String::with_capacity(prefix.len() + 20);
    id.push_str(prefix);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    // Strictly increasing within the process: IDs made in the same millisecond still sort
    // in creation order (a burst runs ahead of the clock by a few milliseconds).
    let previous = LAST_MILLIS
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |last| {
            Some(now.max(last.saturating_add(1)))
        })
        .unwrap_or(now);
    let mut millis = now.max(previous.saturating_add(1));
    let mut time = [b'0'; 9];
    for digit in time.iter_mut().rev() {
        *digit = BASE36[usize::try_from(millis % 36).unwrap_or(0)];
        millis /= 36;
    }
    id.extend(time.iter().map(|&b| char::from(b)));
    for byte in random_bytes::<11>() {
        id.push(char::from(BASE36[usize::from(byte) % BASE36.len()]));
    }
    id
}

/// The characters of generated secrets: letters and digits.
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A new secret of `len` letters and digits (a SCIM credential's secret, a salt).
pub(crate) fn secret(len: usize) -> String {
    let mut out = String::with_capacity(len);
    while out.len() < len {
        for byte in random_bytes::<32>() {
            // 62 * 4 = 248: bytes from 248 up are dropped so every character is as likely.
            if byte < 248 && out.len() < len {
                out.push(char::from(BASE62[usize::from(byte) % BASE62.len()]));
            }
        }
    }
    out
}

/// 16 random bytes (for passwords and salts).
pub(crate) fn random_16() -> [u8; 16] {
    random_bytes::<16>()
}

/// A random UUID (version 4) in its lower-case text form.
pub(crate) fn uuid() -> String {
    let mut bytes = random_bytes::<16>();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut id = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        id.push(char::from(HEX[usize::from(byte >> 4)].to_ascii_lowercase()));
        id.push(char::from(
            HEX[usize::from(byte & 0x0f)].to_ascii_lowercase(),
        ));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directory_ids_have_the_service_shape_and_differ() {
        let a = directory_id();
        let b = directory_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 14);
        assert!(a.starts_with("d-"));
        assert!(
            a[2..]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
        );
    }

    #[test]
    fn resource_ids_secrets_and_uuids_have_their_shape() {
        let a = resource_id("u-");
        let b = resource_id("u-");
        assert!(a < b, "{a} {b}");
        assert_eq!(a.len(), 22);
        assert!(
            a[2..]
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
        );
        let s = secret(40);
        assert_eq!(s.len(), 40);
        assert!(s.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(s, secret(40));
        let u = uuid();
        let groups: Vec<usize> = u.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert_eq!(&u[14..15], "4");
    }

    #[test]
    fn ids_have_the_service_shape_and_differ() {
        let a = request_id();
        let b = request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        let groups: Vec<usize> = a.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(
            a.chars()
                .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
        );
    }
}
