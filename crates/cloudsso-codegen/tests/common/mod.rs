//! What the tests share: reaching into a description as JSON, to change it.

/// The operation `action` of a description value.
pub(crate) fn operation<'a>(
    value: &'a mut serde_json::Value,
    action: &str,
) -> &'a mut serde_json::Value {
    value["operations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|o| o["action"] == action)
        .unwrap()
}
