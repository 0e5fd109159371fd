//! Step 1 of V2: the canonicalized query string.
//!
//! Every parameter but `Signature`, from the query and a form body together, sorted by name,
//! each `enc(name)=enc(value)`, joined with `&`.

use crate::parameters::{Pair, push_canonical_pairs, sort_pairs};

/// The canonicalized query string of `pairs` (which must not hold `Signature`); sorts them.
pub(crate) fn canonicalized_query(pairs: &mut [Pair<'_>]) -> String {
    sort_pairs(pairs);
    let mut out = String::with_capacity(
        pairs
            .iter()
            .map(|(name, value)| name.len() + value.len() + 2)
            .sum::<usize>()
            * 3
            / 2,
    );
    push_canonical_pairs(&mut out, pairs);
    out
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
        assert_eq!(
            canonicalized_query(&mut pairs),
            "a%20b=%20~%2F%2A-%2B&body=test&query=test"
        );
    }
}
