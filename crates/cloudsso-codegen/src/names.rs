//! Rust names from wire names: `SetMFAAuthenticationStatus` -> `SetMfaAuthenticationStatus`
//! and `set_mfa_authentication_status`.

/// The words of a wire name, split where the case changes: `MFAAuthenticationStatus` ->
/// `MFA`, `Authentication`, `Status`; `SAMLIdPCertificate` -> `SAML`, `Id`, `P`, `Certificate`.
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if !current.is_empty() && c.is_ascii_uppercase() {
            let prev = chars.get(i.wrapping_sub(1)).copied().unwrap_or(' ');
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            let boundary = prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next.is_ascii_lowercase());
            if boundary {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `UpperCamelCase` with acronyms as words: `MFAAuthenticationStatus` -> `MfaAuthenticationStatus`.
pub fn pascal(name: &str) -> String {
    words(name)
        .iter()
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            let mut chars = lower.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `snake_case`: `MFAAuthenticationStatus` -> `mfa_authentication_status`; a Rust keyword
/// gets the raw prefix (`type` -> `r#type`), except those that cannot be raw identifiers
/// ([`is_unusable`]), which the validator refuses.
pub fn snake(name: &str) -> String {
    let joined = words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    if KEYWORDS.contains(&joined.as_str()) {
        format!("r#{joined}")
    } else {
        joined
    }
}

/// The keywords that are written as raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Whether `name` is a keyword that cannot be a raw identifier (`crate`, `self`, `Self`,
/// `super`), so cannot name a field or type at all.
pub fn is_unusable(name: &str) -> bool {
    matches!(name, "crate" | "self" | "Self" | "super")
}

/// Whether `name` looks like a wire name: ASCII letters, digits and `_`, starting with a letter.
pub fn is_wire_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `name` is an `UpperCamelCase` Rust type or variant name.
pub fn is_rust_type_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_models_convention() {
        assert_eq!(
            pascal("SetMFAAuthenticationStatus"),
            "SetMfaAuthenticationStatus"
        );
        assert_eq!(
            snake("MFAAuthenticationStatus"),
            "mfa_authentication_status"
        );
        assert_eq!(
            snake("MfaAuthenticationAdvanceSettings"),
            "mfa_authentication_advance_settings"
        );
        assert_eq!(
            pascal("AddExternalSAMLIdPCertificate"),
            "AddExternalSamlIdPCertificate"
        );
        assert_eq!(snake("X509Certificate"), "x509_certificate");
        assert_eq!(snake("Type"), "r#type");
        assert!(is_unusable(&snake("Self")) && is_unusable(&snake("Crate")));
        assert!(is_unusable(&pascal("SELF")) && !is_unusable(&pascal("Crate")));
        assert_eq!(snake("SCIMServerCredentials"), "scim_server_credentials");
        assert!(is_wire_name("RequestId") && !is_wire_name("1x") && !is_wire_name(""));
    }
}
