//! The `user-agent` header, in the official SDKs' form
//! (`AlibabaCloud (<os>; <arch>) <language>/<version> Core/<version> TeaDSL/2`), naming this
//! crate, plus the application's suffix.

/// The user agent without suffix:
/// `AlibabaCloud (linux; x86_64) Rust/1.89.0 Core/0.1.0 TeaDSL/2 acs-client/0.1.0`.
///
/// `Core/` carries this crate's version, where the Python runtime puts its core's; the crate
/// is then named by name, so that the service's logs tell this client from the official
/// ones.
pub fn base_user_agent() -> String {
    format!(
        "AlibabaCloud ({}; {}) Rust/{} Core/{} TeaDSL/2 acs-client/{}",
        std::env::consts::OS,
        std::env::consts::ARCH,
        env!("ACS_CLIENT_RUSTC_VERSION"),
        env!("CARGO_PKG_VERSION"),
        env!("CARGO_PKG_VERSION"),
    )
}

/// The whole header: the base, then `suffix` after a space when there is one (the
/// configured suffix, else `ALIBABA_CLOUD_USER_AGENT`, as the official SDKs append it).
pub(crate) fn user_agent(suffix: Option<&str>) -> String {
    let base = base_user_agent();
    match suffix.map(str::trim).filter(|s| !s.is_empty()) {
        Some(suffix) => format!("{base} {suffix}"),
        None => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_form_with_suffix() {
        let base = base_user_agent();
        assert!(base.starts_with("AlibabaCloud ("), "{base}");
        assert!(
            base.contains(" Rust/") && base.contains(" TeaDSL/2"),
            "{base}"
        );
        assert!(base.ends_with(&format!("acs-client/{}", env!("CARGO_PKG_VERSION"))));
        assert_eq!(
            user_agent(Some("my-tool/1.0")),
            format!("{base} my-tool/1.0")
        );
        assert_eq!(user_agent(Some("  ")), base);
        assert!(http::HeaderValue::from_str(&user_agent(None)).is_ok());
    }
}
