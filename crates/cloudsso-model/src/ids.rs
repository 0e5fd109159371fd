acs_model::id_newtype! {
    /// The ID of a CloudSSO directory, e.g. `d-00fc2p61****`.
    ///
    /// The API states only that it is required, so any non-empty text is accepted: the
    /// documentation's own example for `GetMFAAuthenticationSettingInfo` is
    /// `u-00q8wbq42wiltcrk****`, and whether a directory exists is the service's to say.
    DirectoryId, wire = "DirectoryId", example = "d-00fc2p61****", rule = non_empty
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_every_documented_directory_id() {
        for id in [
            "d-00fc2p61****",
            "u-00q8wbq42wiltcrk****",
            "00q8wbq42wiltcrk****",
        ] {
            assert_eq!(DirectoryId::new(id).unwrap().as_str(), id);
        }
    }

    #[test]
    fn rejects_an_empty_directory_id_naming_field_value_and_expectation() {
        let error = DirectoryId::new("").unwrap_err();
        assert_eq!(error.field, "DirectoryId");
        assert_eq!(
            error.to_string(),
            "invalid DirectoryId ``: expected a non-empty ID such as d-00fc2p61****"
        );
        let error = serde_json::from_str::<DirectoryId>("\"\"").unwrap_err();
        assert!(error.to_string().contains("DirectoryId"), "{error}");
    }
}
