//! Which requests go through a proxy: explicit settings, or `HTTP_PROXY`, `HTTPS_PROXY`,
//! `ALL_PROXY` and `NO_PROXY` (either case) as curl reads them.

use std::fmt;

use http::Uri;
use hyper_util::client::proxy::matcher::Matcher;

use crate::env::Env;

/// Proxy settings: a proxy for `http://` requests, one for `https://` requests (tunnelled
/// with `CONNECT`), and the hosts that bypass both.
///
/// Proxies are `http://[user:password@]host[:port]` URLs (a bare `host:port` means
/// `http://`); credentials in them go as `Proxy-Authorization: Basic`. `NO_PROXY` is a
/// comma-separated list of hosts (matching the host and its subdomains, with or without a
/// leading dot), IP addresses, CIDR networks, or `*` for every host.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ProxyConfig {
    http: Option<String>,
    https: Option<String>,
    no_proxy: Option<String>,
}

impl ProxyConfig {
    /// No proxy at all, whatever the environment says.
    pub fn disabled() -> Self {
        Self::default()
    }

    /// From the environment: `HTTP_PROXY`/`http_proxy`, `HTTPS_PROXY`/`https_proxy`, with
    /// `ALL_PROXY`/`all_proxy` for either when unset, and `NO_PROXY`/`no_proxy`.
    pub fn from_env(env: &Env) -> Self {
        let all = env.get_any(&["ALL_PROXY", "all_proxy"]);
        Self {
            http: env.get_any(&["HTTP_PROXY", "http_proxy"]).or(all.clone()),
            https: env.get_any(&["HTTPS_PROXY", "https_proxy"]).or(all),
            no_proxy: env.get_any(&["NO_PROXY", "no_proxy"]),
        }
    }

    /// One proxy for every request.
    pub fn all(proxy: impl Into<String>) -> Self {
        let proxy = proxy.into();
        Self {
            http: Some(proxy.clone()),
            https: Some(proxy),
            no_proxy: None,
        }
    }

    /// The same settings with a proxy for `http://` requests.
    #[must_use]
    pub fn with_http(mut self, proxy: impl Into<String>) -> Self {
        self.http = Some(proxy.into());
        self
    }

    /// The same settings with a proxy for `https://` requests.
    #[must_use]
    pub fn with_https(mut self, proxy: impl Into<String>) -> Self {
        self.https = Some(proxy.into());
        self
    }

    /// The same settings with the hosts that bypass the proxies (`NO_PROXY` syntax).
    #[must_use]
    pub fn with_no_proxy(mut self, list: impl Into<String>) -> Self {
        self.no_proxy = Some(list.into());
        self
    }

    /// Whether any proxy is set.
    pub fn is_enabled(&self) -> bool {
        self.http.is_some() || self.https.is_some()
    }

    /// Checks the proxy URLs and builds the matcher.
    pub(crate) fn matcher(&self) -> Result<Matcher, InvalidProxy> {
        let mut builder = Matcher::builder();
        if let Some(http) = &self.http {
            check(http)?;
            builder = builder.http(http.clone());
        }
        if let Some(https) = &self.https {
            check(https)?;
            builder = builder.https(https.clone());
        }
        if let Some(no) = &self.no_proxy {
            builder = builder.no(no.clone());
        }
        Ok(builder.build())
    }
}

/// A proxy URL that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("proxy `{shown}`: {reason}; expected http://[user:password@]host[:port]")]
pub struct InvalidProxy {
    shown: String,
    reason: &'static str,
}

fn check(proxy: &str) -> Result<(), InvalidProxy> {
    let text = if proxy.contains("://") {
        proxy.to_owned()
    } else {
        format!("http://{proxy}")
    };
    let fail = |reason| InvalidProxy {
        shown: redact(proxy),
        reason,
    };
    let uri: Uri = text.parse().map_err(|_| fail("not a URL"))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some("https") => return Err(fail("TLS to the proxy itself is not supported")),
        _ => return Err(fail("the scheme is not http")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(fail("it has no host"));
    }
    Ok(())
}

/// The URL with any `user:password@` replaced, for messages.
fn redact(proxy: &str) -> String {
    match proxy.rsplit_once('@') {
        Some((before, host)) => {
            let scheme = before.split_once("://").map(|(s, _)| s);
            match scheme {
                Some(scheme) => format!("{scheme}://***@{host}"),
                None => format!("***@{host}"),
            }
        }
        None => proxy.to_owned(),
    }
}

impl fmt::Debug for ProxyConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProxyConfig")
            .field("http", &self.http.as_deref().map(redact))
            .field("https", &self.https.as_deref().map(redact))
            .field("no_proxy", &self.no_proxy)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxied(config: &ProxyConfig, uri: &str) -> Option<String> {
        let matcher = config.matcher().unwrap();
        matcher
            .intercept(&uri.parse().unwrap())
            .map(|i| i.uri().to_string())
    }

    #[test]
    fn environment_in_either_case_and_no_proxy() {
        let env = Env::from_pairs([
            ("http_proxy", "http://p1:3128"),
            ("HTTPS_PROXY", "p2:3129"),
            ("no_proxy", "internal.example, 10.0.0.0/8"),
        ]);
        let config = ProxyConfig::from_env(&env);
        assert_eq!(
            proxied(&config, "http://cloudsso.cn-shanghai.aliyuncs.com/").as_deref(),
            Some("http://p1:3128/")
        );
        assert_eq!(
            proxied(&config, "https://cloudsso.cn-shanghai.aliyuncs.com/").as_deref(),
            Some("http://p2:3129/")
        );
        assert_eq!(proxied(&config, "https://a.internal.example/"), None);
        assert_eq!(proxied(&config, "https://internal.example/"), None);
        assert_eq!(proxied(&config, "http://10.1.2.3/"), None);
        assert!(proxied(&config, "http://notinternal.example/").is_some());
        let star = ProxyConfig::all("http://p:1").with_no_proxy("*");
        assert_eq!(proxied(&star, "https://anything/"), None);
        assert_eq!(proxied(&ProxyConfig::disabled(), "https://anything/"), None);
        let all = ProxyConfig::from_env(&Env::from_pairs([("ALL_PROXY", "http://a:1")]));
        assert!(proxied(&all, "https://x/").is_some() && proxied(&all, "http://x/").is_some());
    }

    #[test]
    fn bad_proxies_are_refused_without_their_password() {
        for bad in ["https://proxy:443", "socks5://p:1", "http://user:pa55@/"] {
            let error = ProxyConfig::all(bad).matcher().unwrap_err().to_string();
            assert!(!error.contains("pa55"), "{error}");
            assert!(error.contains("expected http://"), "{error}");
        }
        let config = ProxyConfig::all("http://user:pa55@proxy:1");
        assert!(!format!("{config:?}").contains("pa55"));
        assert!(config.matcher().is_ok());
    }
}
