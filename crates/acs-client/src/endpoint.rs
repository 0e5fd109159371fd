//! Where requests go: an explicit endpoint, else the regional rule
//! `<product>[-<network>].<region>.aliyuncs.com` over HTTPS, as the official SDKs' `regional`
//! endpoint rule.

use std::fmt;
use std::str::FromStr;

use http::Uri;

/// The network the regional endpoint is on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Network {
    /// The public endpoint, `<product>.<region>.aliyuncs.com`. The default.
    #[default]
    Public,
    /// The VPC endpoint, `<product>-vpc.<region>.aliyuncs.com`.
    Vpc,
}

impl Network {
    /// `public` or `vpc`.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Public => "public",
            Self::Vpc => "vpc",
        }
    }
}

impl fmt::Display for Network {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Network {
    type Err = EndpointError;

    /// `public` or `vpc` (any case).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.eq_ignore_ascii_case("public") {
            Ok(Self::Public)
        } else if text.eq_ignore_ascii_case("vpc") {
            Ok(Self::Vpc)
        } else {
            Err(EndpointError::Network {
                value: text.to_owned(),
            })
        }
    }
}

/// An endpoint that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// Neither an endpoint nor a region was given.
    #[error(
        "no endpoint for {product}: set a region (Config::builder().region(..), or ALIBABA_CLOUD_REGION_ID) or an endpoint URL"
    )]
    NoRegion {
        /// The product.
        product: String,
    },
    /// The region is not a region ID.
    #[error(
        "region `{region}` is not a region ID; expected lowercase letters, digits and `-`, e.g. cn-shanghai"
    )]
    Region {
        /// The value given.
        region: String,
    },
    /// The endpoint is not a URL of scheme and host.
    #[error("endpoint `{endpoint}`: {reason}; expected https://host[:port] or a bare host")]
    Endpoint {
        /// The value given.
        endpoint: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The network is neither `public` nor `vpc`.
    #[error("network `{value}` is not known; expected public or vpc")]
    Network {
        /// The value given.
        value: String,
    },
}

/// Parses an explicit endpoint: a URL of scheme (`http` or `https`), host and optional port,
/// or a bare host, which means `https://`.
pub fn parse_endpoint(endpoint: &str) -> Result<Uri, EndpointError> {
    let fail = |reason| EndpointError::Endpoint {
        endpoint: endpoint.to_owned(),
        reason,
    };
    let text = if endpoint.contains("://") {
        endpoint.to_owned()
    } else {
        format!("https://{endpoint}")
    };
    let uri: Uri = text.parse().map_err(|_| fail("not a URL"))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(fail("the scheme is neither http nor https")),
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(fail("it has no host"));
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        return Err(fail("it has a path or a query"));
    }
    Ok(uri)
}

/// The endpoint of `product`: `explicit` if given, else the regional one over HTTPS.
pub fn resolve(
    product: &str,
    explicit: Option<&Uri>,
    region: Option<&str>,
    network: &Network,
) -> Result<Uri, EndpointError> {
    if let Some(explicit) = explicit {
        return Ok(explicit.clone());
    }
    let region = region.ok_or_else(|| EndpointError::NoRegion {
        product: product.to_owned(),
    })?;
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(EndpointError::Region {
            region: region.to_owned(),
        });
    }
    let suffix = match network {
        Network::Public => "",
        Network::Vpc => "-vpc",
    };
    format!("https://{product}{suffix}.{region}.aliyuncs.com")
        .parse()
        .map_err(|_| EndpointError::Region {
            region: region.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_then_region_then_error() {
        let explicit = parse_endpoint("http://127.0.0.1:9").unwrap();
        assert_eq!(
            resolve(
                "cloudsso",
                Some(&explicit),
                Some("us-west-1"),
                &Network::Vpc
            )
            .unwrap()
            .to_string(),
            "http://127.0.0.1:9/"
        );
        assert_eq!(
            resolve("cloudsso", None, Some("cn-shanghai"), &Network::Public)
                .unwrap()
                .to_string(),
            "https://cloudsso.cn-shanghai.aliyuncs.com/"
        );
        assert_eq!(
            resolve("cloudsso", None, Some("ap-southeast-1"), &Network::Vpc)
                .unwrap()
                .to_string(),
            "https://cloudsso-vpc.ap-southeast-1.aliyuncs.com/"
        );
        let error = resolve("cloudsso", None, None, &Network::Public).unwrap_err();
        assert!(matches!(error, EndpointError::NoRegion { .. }));
        assert!(error.to_string().contains("ALIBABA_CLOUD_REGION_ID"));
        assert!(matches!(
            resolve("sts", None, Some("CN SHANGHAI"), &Network::Public),
            Err(EndpointError::Region { .. })
        ));
    }

    #[test]
    fn endpoints_are_checked() {
        assert_eq!(
            parse_endpoint("cloudsso.example").unwrap().to_string(),
            "https://cloudsso.example/"
        );
        for bad in ["ftp://x", "http://x/path", "http://x/?q", "http://", "::"] {
            assert!(parse_endpoint(bad).is_err(), "{bad}");
        }
        assert_eq!("VPC".parse::<Network>().unwrap(), Network::Vpc);
        assert!("intranet".parse::<Network>().is_err());
    }
}
