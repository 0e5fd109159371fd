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
