//! The process environment as a value, so that everything that reads it (credentials,
//! region, proxies, user agent) can be tested without touching the real one.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// Environment variables, from the process ([`Env::real`]) or given ([`Env::from_pairs`]).
///
/// Values of variables whose name suggests a secret (`SECRET`, `TOKEN`, `PASSWORD`) never
/// show in `Debug`.
#[derive(Clone, Default)]
pub struct Env {
    source: Source,
}

#[derive(Clone, Default)]
enum Source {
    #[default]
    Real,
    Fixed(Arc<BTreeMap<String, String>>),
}

impl Env {
    /// The process's environment, read at each [`Env::get`].
    pub fn real() -> Self {
        Self {
            source: Source::Real,
        }
    }

    /// A fixed environment holding exactly `pairs`, for hermetic tests.
    pub fn from_pairs<K, V>(pairs: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            source: Source::Fixed(Arc::new(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
            )),
        }
    }

    /// The variable's value; `None` when it is unset, not Unicode, or empty (an empty
    /// variable means "not set" to every official SDK).
    pub fn get(&self, name: &str) -> Option<String> {
        let value = match &self.source {
            Source::Real => std::env::var(name).ok(),
            Source::Fixed(map) => map.get(name).cloned(),
        };
        value.filter(|v| !v.is_empty())
    }

    /// The first of `names` that is set: `get_any(&["HTTPS_PROXY", "https_proxy"])`.
    pub fn get_any(&self, names: &[&str]) -> Option<String> {
        names.iter().find_map(|name| self.get(name))
    }

    /// Whether the variable is `true` (any case), as the official SDKs read their switches
    /// (`ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`).
    pub fn is_true(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|value| value.eq_ignore_ascii_case("true"))
    }

    /// The user's home directory: `HOME`, else `USERPROFILE` (Windows), else `HOMEDRIVE` +
    /// `HOMEPATH`.
    pub fn home_dir(&self) -> Option<PathBuf> {
        if let Some(home) = self.get("HOME").or_else(|| self.get("USERPROFILE")) {
            return Some(PathBuf::from(home));
        }
        match (self.get("HOMEDRIVE"), self.get("HOMEPATH")) {
            (Some(drive), Some(path)) => Some(PathBuf::from(format!("{drive}{path}"))),
            _ => None,
        }
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Real => f.write_str("Env::real()"),
            Source::Fixed(map) => {
                let mut list = f.debug_map();
                for (name, value) in map.iter() {
                    let upper = name.to_ascii_uppercase();
                    if ["SECRET", "TOKEN", "PASSWORD", "PROXY"]
                        .iter()
                        .any(|word| upper.contains(word))
                    {
                        list.entry(name, &"** redacted **");
                    } else {
                        list.entry(name, value);
                    }
                }
                list.finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_environment_reads_only_its_pairs() {
        let env = Env::from_pairs([
            ("A", "1"),
            ("EMPTY", ""),
            ("https_proxy", "http://p:1"),
            ("FLAG", "TRUE"),
        ]);
        assert_eq!(env.get("A").as_deref(), Some("1"));
        assert_eq!(env.get("EMPTY"), None);
        assert_eq!(env.get("PATH"), None);
        assert_eq!(
            env.get_any(&["HTTPS_PROXY", "https_proxy"]).as_deref(),
            Some("http://p:1")
        );
        assert!(env.is_true("FLAG"));
        assert!(!env.is_true("A"));
    }

    #[test]
    fn home_dir_falls_back_like_the_platforms_do() {
        assert_eq!(
            Env::from_pairs([("HOME", "/home/u")]).home_dir(),
            Some(PathBuf::from("/home/u"))
        );
        assert_eq!(
            Env::from_pairs([("HOMEDRIVE", "C:"), ("HOMEPATH", "\\Users\\u")]).home_dir(),
            Some(PathBuf::from("C:\\Users\\u"))
        );
        assert_eq!(Env::from_pairs::<&str, &str>([]).home_dir(), None);
    }

    #[test]
    fn debug_hides_secret_values() {
        let env = Env::from_pairs([
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s3cr3t"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "t0k3n"),
            ("HTTPS_PROXY", "http://user:pa55@proxy:1"),
            ("ALIBABA_CLOUD_REGION_ID", "cn-shanghai"),
        ]);
        let debug = format!("{env:?}");
        assert!(!debug.contains("s3cr3t") && !debug.contains("t0k3n"));
        assert!(!debug.contains("pa55"));
        assert!(debug.contains("cn-shanghai"));
    }
}
