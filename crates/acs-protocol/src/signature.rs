use std::fmt;
use std::str::FromStr;

/// The generation of Alibaba Cloud's request signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// V3: the `Authorization` header over a canonical request (`ACS3-*`).
    V3,
    /// V2: the RPC `Signature` parameter, `HMAC-SHA1` over the sorted parameters.
    V2,
}

/// A signing algorithm, by the name it has on the wire.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// `ACS3-HMAC-SHA256`, the official SDKs' default.
    #[default]
    Acs3HmacSha256,
    /// `ACS3-HMAC-SM3`: SM3 hash and HMAC-SM3.
    Acs3HmacSm3,
    /// `ACS3-RSA-SHA256`: SHA-256 and an RSA PKCS#1 v1.5 signature with a PKCS#8 key.
    Acs3RsaSha256,
    /// `HMAC-SHA1`, the V2 `SignatureMethod` (with `SignatureVersion=1.0`).
    HmacSha1,
}

impl SigningAlgorithm {
    /// Every algorithm, V3 first.
    pub const ALL: [Self; 4] = [
        Self::Acs3HmacSha256,
        Self::Acs3HmacSm3,
        Self::Acs3RsaSha256,
        Self::HmacSha1,
    ];

    /// The wire name: `ACS3-HMAC-SHA256`, `ACS3-HMAC-SM3`, `ACS3-RSA-SHA256` or `HMAC-SHA1`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Acs3HmacSha256 => "ACS3-HMAC-SHA256",
            Self::Acs3HmacSm3 => "ACS3-HMAC-SM3",
            Self::Acs3RsaSha256 => "ACS3-RSA-SHA256",
            Self::HmacSha1 => "HMAC-SHA1",
        }
    }

    /// The signature version the algorithm belongs to.
    pub const fn signature_version(self) -> SignatureVersion {
        match self {
            Self::HmacSha1 => SignatureVersion::V2,
            Self::Acs3HmacSha256 | Self::Acs3HmacSm3 | Self::Acs3RsaSha256 => SignatureVersion::V3,
        }
    }
}

impl fmt::Display for SigningAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that names no signing algorithm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown signing algorithm `{0}`; expected ACS3-HMAC-SHA256, ACS3-HMAC-SM3, ACS3-RSA-SHA256 or HMAC-SHA1"
)]
pub struct ParseSigningAlgorithmError(pub String);

impl FromStr for SigningAlgorithm {
    type Err = ParseSigningAlgorithmError;

    /// Parses the exact wire name; algorithms are case-sensitive on the wire.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|algorithm| algorithm.as_str() == s)
            .ok_or_else(|| ParseSigningAlgorithmError(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip() {
        for algorithm in SigningAlgorithm::ALL {
            assert_eq!(algorithm.as_str().parse(), Ok(algorithm));
        }
        assert!("acs3-hmac-sha256".parse::<SigningAlgorithm>().is_err());
        assert_eq!(
            SigningAlgorithm::HmacSha1.signature_version(),
            SignatureVersion::V2
        );
    }
}
