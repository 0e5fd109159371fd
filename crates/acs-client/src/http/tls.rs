//! TLS settings: rustls on the ring provider, TLS 1.2 and 1.3, ALPN `http/1.1`, and the roots
//! to trust (Mozilla's, compiled in, or the CA certificates of a PEM bundle).

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;
use rustls::{ClientConfig, RootCertStore};

/// Which certificates a client trusts for `https://`.
#[derive(Clone)]
pub struct TlsConfig {
    roots: Arc<RootCertStore>,
    source: RootsSource,
}

#[derive(Clone)]
enum RootsSource {
    Webpki,
    Bundle { certificates: usize },
}

impl Default for TlsConfig {
    fn default() -> Self {
        Self::webpki_roots()
    }
}

impl fmt::Debug for TlsConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let roots = match &self.source {
            RootsSource::Webpki => "webpki-roots".to_owned(),
            RootsSource::Bundle { certificates } => {
                format!("CA bundle, certificates: {certificates}")
            }
        };
        f.debug_struct("TlsConfig").field("roots", &roots).finish()
    }
}

impl TlsConfig {
    /// Mozilla's roots, compiled in (webpki-roots): the same everywhere, no system store
    /// needed. The default.
    pub fn webpki_roots() -> Self {
        Self {
            roots: Arc::new(RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            }),
            source: RootsSource::Webpki,
        }
    }

    /// Trusts the CA certificates of a PEM bundle instead of Mozilla's roots (a
    /// TLS-inspecting proxy's CA, a test CA). Every certificate must be usable as a root,
    /// and there must be at least one.
    pub fn from_pem(pem: &[u8]) -> Result<Self, CaBundleError> {
        let mut roots = RootCertStore::empty();
        for (index, certificate) in CertificateDer::pem_slice_iter(pem).enumerate() {
            let certificate = certificate.map_err(|e| CaBundleError::NotPem {
                path: None,
                message: e.to_string(),
            })?;
            roots
                .add(certificate)
                .map_err(|e| CaBundleError::NotARoot {
                    path: None,
                    index: index + 1,
                    message: e.to_string(),
                })?;
        }
        if roots.is_empty() {
            return Err(CaBundleError::Empty { path: None });
        }
        let certificates = roots.len();
        Ok(Self {
            roots: Arc::new(roots),
            source: RootsSource::Bundle { certificates },
        })
    }

    /// [`TlsConfig::from_pem`] of a file; errors name the file.
    pub fn from_pem_file(path: impl AsRef<Path>) -> Result<Self, CaBundleError> {
        let path = path.as_ref();
        let pem = std::fs::read(path).map_err(|source| CaBundleError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_pem(&pem).map_err(|error| error.with_path(path))
    }

    /// The rustls client configuration: ring provider, safe defaults, ALPN `http/1.1`.
    pub(crate) fn client_config(&self) -> Result<ClientConfig, rustls::Error> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(Arc::clone(&self.roots))
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }
}

/// A CA bundle that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CaBundleError {
    /// The file cannot be read.
    #[error("cannot read `{}` ({source}); expected a PEM file of CA certificates", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The PEM is malformed.
    #[error("{} is not valid PEM ({message}); expected -----BEGIN CERTIFICATE----- blocks", shown(path.as_deref()))]
    NotPem {
        /// The file, if read from one.
        path: Option<PathBuf>,
        /// The parser's message.
        message: String,
    },
    /// A certificate cannot be a trust anchor.
    #[error("certificate {index} of {} cannot be a root ({message}); expected X.509 CA certificates", shown(path.as_deref()))]
    NotARoot {
        /// The file, if read from one.
        path: Option<PathBuf>,
        /// Which certificate, from 1.
        index: usize,
        /// Why.
        message: String,
    },
    /// No certificate at all.
    #[error("{} holds no certificate; expected a PEM file with at least one -----BEGIN CERTIFICATE----- block", shown(path.as_deref()))]
    Empty {
        /// The file, if read from one.
        path: Option<PathBuf>,
    },
}

fn shown(path: Option<&Path>) -> String {
    match path {
        Some(path) => format!("`{}`", path.display()),
        None => "the CA bundle".to_owned(),
    }
}

impl CaBundleError {
    fn with_path(self, file: &Path) -> Self {
        let file = Some(file.to_path_buf());
        match self {
            Self::NotPem { message, .. } => Self::NotPem {
                path: file,
                message,
            },
            Self::NotARoot { index, message, .. } => Self::NotARoot {
                path: file,
                index,
                message,
            },
            Self::Empty { .. } => Self::Empty { path: file },
            read @ Self::Read { .. } => read,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bundles_say_what_is_wrong() {
        assert!(matches!(
            TlsConfig::from_pem(b"nothing here"),
            Err(CaBundleError::Empty { .. })
        ));
        let error = TlsConfig::from_pem_file("/nonexistent/ca.pem").unwrap_err();
        assert!(error.to_string().contains("/nonexistent/ca.pem"), "{error}");
        let garbled = b"-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n";
        assert!(TlsConfig::from_pem(garbled).is_err());
    }

    #[test]
    fn a_generated_certificate_is_a_root() {
        let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        let config = TlsConfig::from_pem(certified.cert.pem().as_bytes()).unwrap();
        assert!(format!("{config:?}").contains("certificates: 1"));
        assert!(config.client_config().is_ok());
    }
}
