//! Step 1 of V2: the canonicalized query string.
//!
//! Every parameter but `Signature`, from the query and a form body together, sorted by name,
//! each `enc(name)=enc(value)`, joined with `&`.

use std::ops::Range;

use crate::output::span;
use crate::parameters::{Order, Pair, push_canonical_pairs, sort_pairs};

/// Sorts `pairs` in `order` and appends their canonicalized query string to `out`.
pub(crate) fn write(out: &mut String, pairs: &mut [Pair<'_>], order: Order) -> Range<usize> {
    sort_pairs(pairs, order);
    // The encoded pairs, then (in the same buffer) the string to sign, about as long again
    // plus a third, and the signature.
    let len: usize = pairs
        .iter()
        .map(|(name, value)| name.len() + value.len() + 2)
        .sum();
    out.reserve(len * 3 + 64);
    span(out, |out| push_canonical_pairs(out, pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_encodes_names_and_values() {
        let mut pairs: Vec<Pair<'_>> = vec![
            ("query".into(), "test".into()),
            ("body".into(), "test".into()),
            ("a b".into(), " ~/*-+".into()),
        ];
        let mut out = String::from("x");
        let range = write(&mut out, &mut pairs, Order::CodePoint);
        assert_eq!(&out[range], "a%20b=%20~%2F%2A-%2B&body=test&query=test");
    }
}
