//! Where requests go: `--endpoint URL`, or `https://cloudsso.<region>.aliyuncs.com` for
//! `--region` (or the profile's region, or `cn-shanghai`).

use http::Uri;

use crate::error::CliError;

/// The region used when none is given.
pub const DEFAULT_REGION: &str = "cn-shanghai";

/// The regions with a CloudSSO endpoint, as published.
pub const KNOWN_REGIONS: &[&str] = &[
    "cn-shanghai",
    "cn-hongkong",
    "ap-northeast-2",
    "ap-southeast-1",
    "us-west-1",
    "eu-central-1",
];

/// The endpoint: `endpoint` if given (a bare host means `https://`), else the region's.
pub fn resolve(
    endpoint: Option<&str>,
    region: Option<&str>,
    profile_region: Option<&str>,
) -> Result<Uri, CliError> {
    if let Some(endpoint) = endpoint {
        let text = if endpoint.contains("://") {
            endpoint.to_owned()
        } else {
            format!("https://{endpoint}")
        };
        let uri: Uri = text.parse().map_err(|error| {
            CliError::usage(
                "--endpoint",
                format!("`{endpoint}` is not a URL ({error}); expected e.g. http://127.0.0.1:8080"),
            )
        })?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => {
                return Err(CliError::usage(
                    "--endpoint",
                    format!("`{endpoint}` has scheme other than http or https"),
                ));
            }
        }
        if uri.authority().is_none() {
            return Err(CliError::usage(
                "--endpoint",
                format!("`{endpoint}` has no host; expected e.g. http://127.0.0.1:8080"),
            ));
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
            return Err(CliError::usage(
                "--endpoint",
                format!("`{endpoint}` has a path or query; expected scheme://host[:port] only"),
            ));
        }
        return Ok(uri);
    }
    let (flag, region) = match (region, profile_region) {
        (Some(region), _) => ("--region", region),
        (None, Some(region)) => ("profile region_id", region),
        (None, None) => ("--region", DEFAULT_REGION),
    };
    let valid = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(CliError::usage(
            flag,
            format!(
                "`{region}` is not a region ID; expected one of {}",
                KNOWN_REGIONS.join(", ")
            ),
        ));
    }
    format!("https://cloudsso.{region}.aliyuncs.com")
        .parse()
        .map_err(|error| CliError::usage(flag, format!("`{region}`: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoint_then_region_then_profile_then_default() {
        assert_eq!(
            resolve(Some("http://127.0.0.1:9"), Some("us-west-1"), None)
                .unwrap()
                .to_string(),
            "http://127.0.0.1:9/"
        );
        assert_eq!(
            resolve(Some("cloudsso.example"), None, None)
                .unwrap()
                .to_string(),
            "https://cloudsso.example/"
        );
        assert_eq!(
            resolve(None, Some("us-west-1"), Some("cn-hongkong"))
                .unwrap()
                .to_string(),
            "https://cloudsso.us-west-1.aliyuncs.com/"
        );
        assert_eq!(
            resolve(None, None, Some("cn-hongkong"))
                .unwrap()
                .to_string(),
            "https://cloudsso.cn-hongkong.aliyuncs.com/"
        );
        assert_eq!(
            resolve(None, None, None).unwrap().to_string(),
            "https://cloudsso.cn-shanghai.aliyuncs.com/"
        );
    }

    #[test]
    fn bad_values_name_their_flag() {
        for (endpoint, region, flag) in [
            (Some("ftp://x"), None, "--endpoint"),
            (Some("http://x/path"), None, "--endpoint"),
            (Some("http://"), None, "--endpoint"),
            (None, Some("CN SHANGHAI"), "--region"),
        ] {
            let error = resolve(endpoint, region, None).unwrap_err();
            assert!(error.to_string().starts_with(flag), "{error}");
        }
    }
}
