//! The external SAML identity provider (configured by metadata or by hand), its signing
//! certificates (read with `x509-parser` for what the list reports), and CloudSSO's own
//! SAML service provider information.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cloudsso_model::{
    AddExternalSamlIdPCertificate, AddExternalSamlIdPCertificateRequest,
    AddExternalSamlIdPCertificateResponse, BindingType, ClearExternalSamlIdentityProvider,
    ClearExternalSamlIdentityProviderRequest, ClearExternalSamlIdentityProviderResponse,
    GetDirectorySamlServiceProviderInfo, GetDirectorySamlServiceProviderInfoRequest,
    GetDirectorySamlServiceProviderInfoResponse, GetExternalSamlIdentityProvider,
    GetExternalSamlIdentityProviderRequest, GetExternalSamlIdentityProviderResponse,
    ListExternalSamlIdPCertificates, ListExternalSamlIdPCertificatesRequest,
    ListExternalSamlIdPCertificatesResponse, RemoveExternalSamlIdPCertificate,
    RemoveExternalSamlIdPCertificateRequest, RemoveExternalSamlIdPCertificateResponse,
    SamlIdPCertificate, SamlIdentityProviderConfiguration, SamlServiceProvider,
    SetExternalSamlIdentityProvider, SetExternalSamlIdentityProviderRequest,
    SetExternalSamlIdentityProviderResponse, SsoStatus,
};
use http::StatusCode;
use quick_xml::events::Event;

use super::{
    CertificateRow, DirectoryRow, MAX_CERTIFICATES, SamlIdentityProviderRow, Tables, id_of, key,
    prefix,
};
use crate::error::Failure;
use crate::params;
use crate::service::{Context, Served};
use crate::state::timestamp;

/// The longest metadata document taken once decoded (IdP metadata is a few KB).
const MAX_METADATA_BYTES: usize = 256 * 1024;
/// The longest `EntityId` and `LoginUrl` taken.
const MAX_URL_LEN: usize = 1024;

const BINDING_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const BINDING_REDIRECT: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";

/// `OperationConflict.SSOEnabled` (409): what `action` would do needs SSO logon off.
pub(crate) fn sso_enabled(directory: &str, action: &str) -> Failure {
    Failure::new(
        "OperationConflict.SSOEnabled",
        StatusCode::CONFLICT,
        format!(
            "SSO logon is enabled in directory `{directory}`: {action}; set SSOStatus to \
             Disabled (SetExternalSAMLIdentityProvider) first."
        ),
    )
}

/// A certificate read from `text` (PEM, or the Base64 of its DER), or why not.
fn read_certificate(parameter: &str, text: &str, now: &str) -> Result<CertificateRow, Failure> {
    let expected = "an X.509 certificate in PEM form (-----BEGIN CERTIFICATE-----) or the \
                    Base64 of its DER";
    let body: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with("-----"))
        .flat_map(|line| line.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let der = STANDARD
        .decode(body.as_bytes())
        .map_err(|_| params::invalid(parameter, text, expected))?;
    let (_, certificate) = x509_parser::parse_x509_certificate(&der)
        .map_err(|_| params::invalid(parameter, text, expected))?;
    let time = |t: &x509_parser::time::ASN1Time| {
        let seconds = t.timestamp();
        let at = u64::try_from(seconds)
            .map(|s| std::time::UNIX_EPOCH + std::time::Duration::from_secs(s))
            .unwrap_or(std::time::UNIX_EPOCH);
        timestamp(at)
    };
    let algorithm = certificate.signature_algorithm.algorithm.to_id_string();
    let signature_algorithm = match algorithm.as_str() {
        "1.2.840.113549.1.1.5" => "SHA1withRSA",
        "1.2.840.113549.1.1.11" => "SHA256withRSA",
        "1.2.840.113549.1.1.12" => "SHA384withRSA",
        "1.2.840.113549.1.1.13" => "SHA512withRSA",
        "1.2.840.10045.4.3.2" => "SHA256withECDSA",
        "1.2.840.10045.4.3.3" => "SHA384withECDSA",
        "1.2.840.10045.4.3.4" => "SHA512withECDSA",
        "1.3.101.112" => "Ed25519",
        other => other,
    }
    .to_owned();
    Ok(CertificateRow {
        x509_certificate: STANDARD.encode(&der),
        issuer: certificate.issuer().to_string(),
        subject: certificate.subject().to_string(),
        serial_number: certificate.tbs_certificate.serial.to_string(),
        not_before: time(&certificate.validity().not_before),
        not_after: time(&certificate.validity().not_after),
        signature_algorithm,
        public_key: STANDARD.encode(certificate.public_key().raw),
        version: i64::from(certificate.version().0) + 1,
        add_time: now.to_owned(),
    })
}

/// What an IdP's metadata says.
#[derive(Debug, Default)]
struct Metadata {
    entity_id: Option<String>,
    want_request_signed: bool,
    /// `(Binding, Location)` of each `SingleSignOnService`.
    sso_services: Vec<(String, String)>,
    certificates: Vec<String>,
}

/// Reads IdP metadata (`EntityDescriptor`, `IDPSSODescriptor`, `SingleSignOnService`,
/// signing `X509Certificate`s), or `None` for what is not SAML metadata.
fn read_metadata(xml: &str) -> Option<Metadata> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut metadata = Metadata::default();
    let mut in_certificate = false;
    let mut in_encryption_key = false;
    let mut certificate = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(element) | Event::Empty(element) => {
                let name = element.local_name();
                let attribute = |wanted: &[u8]| {
                    element.attributes().flatten().find_map(|a| {
                        (a.key.local_name().as_ref() == wanted)
                            .then(|| a.unescape_value().ok().map(|v| v.into_owned()))
                            .flatten()
                    })
                };
                match name.as_ref() {
                    b"EntityDescriptor" => metadata.entity_id = attribute(b"entityID"),
                    b"IDPSSODescriptor" => {
                        metadata.want_request_signed = attribute(b"WantAuthnRequestsSigned")
                            .is_some_and(|v| v.eq_ignore_ascii_case("true"));
                    }
                    b"SingleSignOnService" => {
                        if let (Some(binding), Some(location)) =
                            (attribute(b"Binding"), attribute(b"Location"))
                        {
                            metadata.sso_services.push((binding, location));
                        }
                    }
                    b"KeyDescriptor" => {
                        in_encryption_key = attribute(b"use").as_deref() == Some("encryption");
                    }
                    b"X509Certificate" if !in_encryption_key => {
                        in_certificate = true;
                        certificate.clear();
                    }
                    _ => {}
                }
            }
            Event::Text(text) if in_certificate => {
                certificate.push_str(&text.decode().ok()?);
            }
            Event::End(element) => match element.local_name().as_ref() {
                b"X509Certificate" if in_certificate => {
                    in_certificate = false;
                    metadata.certificates.push(certificate.clone());
                }
                b"KeyDescriptor" => in_encryption_key = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    metadata.entity_id.is_some().then_some(metadata)
}

/// The IdP configuration as `Get`/`SetExternalSAMLIdentityProvider` report it.
fn configuration(
    directory: &str,
    tables: &Tables,
    row: &DirectoryRow,
) -> SamlIdentityProviderConfiguration {
    let idp = &row.saml_identity_provider;
    let certificate_ids: Vec<String> = tables
        .certificates
        .prefix(&prefix(directory))
        .map(|(k, _)| id_of(k).to_owned())
        .collect();
    let mut view = SamlIdentityProviderConfiguration::builder()
        .directory_id(directory)
        .sso_status(idp.sso_status.clone())
        .want_request_signed(idp.want_request_signed);
    if let Some(v) = &idp.entity_id {
        view = view.entity_id(v.clone());
    }
    if let Some(v) = &idp.login_url {
        view = view.login_url(v.clone());
    }
    if let Some(v) = &idp.binding_type {
        view = view.binding_type(v.clone());
    }
    if let Some(v) = &idp.encoded_metadata_document {
        view = view.encoded_metadata_document(v.clone());
    }
    if let Some(v) = &idp.create_time {
        view = view.create_time(v.clone());
    }
    if let Some(v) = &idp.update_time {
        view = view.update_time(v.clone());
    }
    if !certificate_ids.is_empty() {
        view = view.certificate_ids(certificate_ids);
    }
    view.build()
}

/// Replaces every certificate of `directory` with `certificates`.
fn replace_certificates(tables: &mut Tables, directory: &str, certificates: Vec<CertificateRow>) {
    let keys: Vec<String> = tables
        .certificates
        .prefix(&prefix(directory))
        .map(|(k, _)| k.to_owned())
        .collect();
    for k in keys {
        tables.certificates.remove(&k);
    }
    for certificate in certificates {
        let id = new_certificate_id(tables, directory);
        tables.certificates.insert(key(directory, &id), certificate);
    }
}

/// A fresh `idp-c-` ID not in use in `directory`.
fn new_certificate_id(tables: &Tables, directory: &str) -> String {
    loop {
        let id = crate::ids::resource_id("idp-c-");
        if !tables.certificates.contains_key(&key(directory, &id)) {
            return id;
        }
    }
}

/// `InvalidSSOStatus` unless the configuration can carry SSO logon.
fn check_complete(idp: &SamlIdentityProviderRow, certificates: usize) -> Result<(), Failure> {
    let mut missing = Vec::new();
    if idp.entity_id.is_none() {
        missing.push("EntityId");
    }
    if idp.login_url.is_none() {
        missing.push("LoginUrl");
    }
    if certificates == 0 {
        missing.push("a signing certificate");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(params::invalid(
            "SSOStatus",
            "Enabled",
            &format!(
                "Disabled until the identity provider is complete (it lacks {})",
                missing.join(", ")
            ),
        ))
    }
}

/// A URL parameter: `http://` or `https://`, at most 1024 characters.
fn checked_url<'a>(parameter: &str, value: Option<&'a String>) -> Result<Option<&'a str>, Failure> {
    match value {
        None => Ok(None),
        Some(url)
            if (url.starts_with("https://") || url.starts_with("http://"))
                && url.len() <= MAX_URL_LEN =>
        {
            Ok(Some(url))
        }
        Some(url) => Err(params::invalid(
            parameter,
            url,
            "an http:// or https:// URL of at most 1024 characters",
        )),
    }
}

/// `SetExternalSAMLIdentityProvider`: with `EncodedMetadataDocument` (Base64 SAML
/// metadata), every setting comes from the metadata (entity ID, the logon URL of the
/// `BindingType` asked for, else HTTP-POST, else HTTP-Redirect, `WantAuthnRequestsSigned`,
/// the signing certificates, which replace all); otherwise each manual value given replaces
/// its setting and `X509Certificate` replaces all certificates. `SSOStatus` given sets it;
/// `Enabled` needs an entity ID, a logon URL and a certificate. Answers the configuration.
impl Served for SetExternalSamlIdentityProvider {
    fn serve(
        context: &Context<'_>,
        request: &SetExternalSamlIdentityProviderRequest,
    ) -> Result<SetExternalSamlIdentityProviderResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let now = timestamp(context.now);
        let entity_id = params::text::<Self>("EntityId", &request.entity_id)?;
        if let Some(id) = entity_id
            && (id.is_empty() || id.len() > MAX_URL_LEN)
        {
            return Err(params::invalid("EntityId", id, "1 to 1024 characters"));
        }
        let login_url = checked_url("LoginUrl", request.login_url.as_ref())?;
        // What the request sets, worked out before the state is touched.
        let mut from_metadata: Option<(Metadata, String)> = None;
        if let Some(encoded) = request.encoded_metadata_document.as_ref() {
            let expected = "the Base64 of the identity provider's SAML 2.0 metadata XML";
            let xml = STANDARD
                .decode(encoded.trim().as_bytes())
                .ok()
                .filter(|b| b.len() <= MAX_METADATA_BYTES)
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| params::invalid("EncodedMetadataDocument", encoded, expected))?;
            let metadata = read_metadata(&xml)
                .ok_or_else(|| params::invalid("EncodedMetadataDocument", encoded, expected))?;
            from_metadata = Some((metadata, encoded.trim().to_owned()));
        }
        let mut certificates = None;
        if let Some((metadata, _)) = &from_metadata {
            let read: Result<Vec<_>, _> = metadata
                .certificates
                .iter()
                .map(|c| read_certificate("EncodedMetadataDocument", c, &now))
                .collect();
            certificates = Some(read?);
        } else if let Some(text) = request.x509_certificate.as_ref() {
            certificates = Some(vec![read_certificate("X509Certificate", text, &now)?]);
        }
        if certificates
            .as_ref()
            .is_some_and(|c| c.len() > MAX_CERTIFICATES)
        {
            return Err(params::invalid(
                "EncodedMetadataDocument",
                "more than 2 signing certificates",
                "at most 2 signing certificates",
            ));
        }
        let view = context.write(|state| {
            let tables = &mut state.directory;
            let mut idp = tables.require(directory)?.saml_identity_provider.clone();
            if let Some((metadata, encoded)) = from_metadata {
                let wanted = request.binding_type.as_ref();
                let pick = |binding: &str| {
                    metadata
                        .sso_services
                        .iter()
                        .find(|(b, _)| b == binding)
                        .map(|(_, location)| location.clone())
                };
                let (binding, url) = match wanted {
                    Some(BindingType::Redirect) => (BindingType::Redirect, pick(BINDING_REDIRECT)),
                    Some(BindingType::Post) => (BindingType::Post, pick(BINDING_POST)),
                    _ => match pick(BINDING_POST) {
                        Some(url) => (BindingType::Post, Some(url)),
                        None => (BindingType::Redirect, pick(BINDING_REDIRECT)),
                    },
                };
                idp.entity_id = metadata.entity_id;
                idp.login_url = url;
                idp.binding_type = Some(binding);
                idp.want_request_signed = metadata.want_request_signed;
                idp.encoded_metadata_document = Some(encoded);
            } else {
                if let Some(id) = entity_id {
                    idp.entity_id = Some(id.to_owned());
                }
                if let Some(url) = login_url {
                    idp.login_url = Some(url.to_owned());
                }
                if let Some(signed) = request.want_request_signed {
                    idp.want_request_signed = signed;
                }
                if let Some(binding) = &request.binding_type {
                    idp.binding_type = Some(binding.clone());
                }
            }
            if let Some(certificates) = certificates {
                replace_certificates(tables, directory, certificates);
            }
            if let Some(status) = &request.sso_status {
                if *status == SsoStatus::Enabled {
                    let count = tables.certificates.prefix(&prefix(directory)).count();
                    check_complete(&idp, count)?;
                }
                idp.sso_status = status.clone();
            }
            if idp.binding_type.is_none() {
                idp.binding_type = Some(BindingType::Post);
            }
            idp.create_time.get_or_insert_with(|| now.clone());
            idp.update_time = Some(now);
            let row = tables.require_mut(directory)?;
            row.saml_identity_provider = idp;
            let row = tables.require(directory)?;
            Ok(configuration(directory, tables, row))
        })?;
        Ok(SetExternalSamlIdentityProviderResponse::builder()
            .saml_identity_provider_configuration(view)
            .request_id(context.request_id())
            .build())
    }
}

/// `GetExternalSAMLIdentityProvider`: the configuration (`SSOStatus` `Disabled` and nothing
/// else until one is set).
impl Served for GetExternalSamlIdentityProvider {
    fn serve(
        context: &Context<'_>,
        request: &GetExternalSamlIdentityProviderRequest,
    ) -> Result<GetExternalSamlIdentityProviderResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let view = context.read(|state| {
            let row = state.directory.require(directory)?;
            Ok::<_, Failure>(configuration(directory, &state.directory, row))
        })?;
        Ok(GetExternalSamlIdentityProviderResponse::builder()
            .saml_identity_provider_configuration(view)
            .request_id(context.request_id())
            .build())
    }
}

/// `ClearExternalSAMLIdentityProvider`: forgets the configuration and its certificates;
/// only while SSO logon is disabled (`OperationConflict.SSOEnabled`).
impl Served for ClearExternalSamlIdentityProvider {
    fn serve(
        context: &Context<'_>,
        request: &ClearExternalSamlIdentityProviderRequest,
    ) -> Result<ClearExternalSamlIdentityProviderResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        context.write(|state| {
            let tables = &mut state.directory;
            if tables.require(directory)?.saml_identity_provider.sso_status == SsoStatus::Enabled {
                return Err(sso_enabled(
                    directory,
                    "the identity provider cannot be cleared",
                ));
            }
            replace_certificates(tables, directory, Vec::new());
            tables.require_mut(directory)?.saml_identity_provider =
                SamlIdentityProviderRow::default();
            Ok(())
        })?;
        Ok(ClearExternalSamlIdentityProviderResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `AddExternalSAMLIdPCertificate`: adds a signing certificate (PEM or Base64 DER) and
/// answers its `idp-c-` ID; at most two (`QuotaExceeded.SAMLIdPCertificate`), no duplicate
/// (`EntityAlreadyExists.SAMLIdPCertificate`).
impl Served for AddExternalSamlIdPCertificate {
    fn serve(
        context: &Context<'_>,
        request: &AddExternalSamlIdPCertificateRequest,
    ) -> Result<AddExternalSamlIdPCertificateResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let text = params::required_text::<Self>("X509Certificate", &request.x509_certificate)?;
        let now = timestamp(context.now);
        let certificate = read_certificate("X509Certificate", text, &now)?;
        let id = context.write(|state| {
            let tables = &mut state.directory;
            tables.require(directory)?;
            let below = prefix(directory);
            let existing: Vec<&CertificateRow> =
                tables.certificates.prefix(&below).map(|(_, c)| c).collect();
            if existing
                .iter()
                .any(|c| c.x509_certificate == certificate.x509_certificate)
            {
                return Err(Failure::new(
                    "EntityAlreadyExists.SAMLIdPCertificate",
                    StatusCode::CONFLICT,
                    format!("Directory `{directory}` already has this signing certificate."),
                ));
            }
            if existing.len() >= MAX_CERTIFICATES {
                return Err(Failure::new(
                    "QuotaExceeded.SAMLIdPCertificate",
                    StatusCode::CONFLICT,
                    format!(
                        "Directory `{directory}` has {MAX_CERTIFICATES} signing certificates, \
                         the most it can have; remove one first."
                    ),
                ));
            }
            let id = new_certificate_id(tables, directory);
            tables.certificates.insert(key(directory, &id), certificate);
            let idp = &mut tables.require_mut(directory)?.saml_identity_provider;
            idp.create_time.get_or_insert_with(|| now.clone());
            idp.update_time = Some(now);
            Ok(id)
        })?;
        Ok(AddExternalSamlIdPCertificateResponse::builder()
            .certificate_id(id)
            .request_id(context.request_id())
            .build())
    }
}

/// `RemoveExternalSAMLIdPCertificate`: removes a certificate; the last one cannot go while
/// SSO logon is enabled (`OperationConflict.SSOEnabled`).
impl Served for RemoveExternalSamlIdPCertificate {
    fn serve(
        context: &Context<'_>,
        request: &RemoveExternalSamlIdPCertificateRequest,
    ) -> Result<RemoveExternalSamlIdPCertificateResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("CertificateId", &request.certificate_id)?;
        let now = timestamp(context.now);
        context.write(|state| {
            let tables = &mut state.directory;
            let enabled =
                tables.require(directory)?.saml_identity_provider.sso_status == SsoStatus::Enabled;
            if !tables.certificates.contains_key(&key(directory, id)) {
                return Err(Failure::new(
                    "EntityNotExists.SAMLIdPCertificate",
                    StatusCode::NOT_FOUND,
                    format!(
                        "The signing certificate `{}` does not exist in directory `{directory}`.",
                        params::quoted(id)
                    ),
                ));
            }
            if enabled && tables.certificates.prefix(&prefix(directory)).count() == 1 {
                return Err(sso_enabled(
                    directory,
                    "its last signing certificate cannot be removed",
                ));
            }
            tables.certificates.remove(&key(directory, id));
            tables
                .require_mut(directory)?
                .saml_identity_provider
                .update_time = Some(now);
            Ok(())
        })?;
        Ok(RemoveExternalSamlIdPCertificateResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `ListExternalSAMLIdPCertificates`: the signing certificates, oldest first, with what
/// each says of itself (issuer, subject, serial number, validity, algorithm, public key,
/// version); not paginated.
impl Served for ListExternalSamlIdPCertificates {
    fn serve(
        context: &Context<'_>,
        request: &ListExternalSamlIdPCertificatesRequest,
    ) -> Result<ListExternalSamlIdPCertificatesResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let certificates: Vec<SamlIdPCertificate> = context.read(|state| {
            state.directory.require(directory)?;
            Ok::<_, Failure>(
                state
                    .directory
                    .certificates
                    .prefix(&prefix(directory))
                    .map(|(k, c)| {
                        SamlIdPCertificate::builder()
                            .certificate_id(id_of(k))
                            .x509_certificate(c.x509_certificate.clone())
                            .issuer(c.issuer.clone())
                            .subject(c.subject.clone())
                            .serial_number(c.serial_number.clone())
                            .not_before(c.not_before.clone())
                            .not_after(c.not_after.clone())
                            .signature_algorithm(c.signature_algorithm.clone())
                            .public_key(c.public_key.clone())
                            .version(c.version)
                            .build()
                    })
                    .collect(),
            )
        })?;
        let total = i64::try_from(certificates.len()).unwrap_or(i64::MAX);
        Ok(ListExternalSamlIdPCertificatesResponse::builder()
            .saml_id_p_certificates(certificates)
            .total_counts(total)
            .request_id(context.request_id())
            .build())
    }
}

/// `GetDirectorySAMLServiceProviderInfo`: CloudSSO as a SAML service provider for this
/// directory: `https://signin-<region>.alibabacloudsso.com/saml/acs/<uuid>` (the UUID fixed
/// at the directory's creation), the entity ID `…/saml/sp/<directory ID>`, and its metadata.
impl Served for GetDirectorySamlServiceProviderInfo {
    fn serve(
        context: &Context<'_>,
        request: &GetDirectorySamlServiceProviderInfoRequest,
    ) -> Result<GetDirectorySamlServiceProviderInfoResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let provider = context.read(|state| {
            state.directory.require(directory).map(|row| {
                let host = format!("https://signin-{}.alibabacloudsso.com", row.region);
                let acs = format!("{host}/saml/acs/{}", row.saml_service_provider_id);
                let entity = format!("{host}/saml/sp/{directory}");
                let metadata = format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><md:EntityDescriptor \
                     xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"{entity}\">\
                     <md:SPSSODescriptor AuthnRequestsSigned=\"false\" \
                     WantAssertionsSigned=\"true\" \
                     protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\
                     <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified\
                     </md:NameIDFormat><md:AssertionConsumerService Binding=\"{BINDING_POST}\" \
                     Location=\"{acs}\" index=\"0\" isDefault=\"true\"/></md:SPSSODescriptor>\
                     </md:EntityDescriptor>"
                );
                SamlServiceProvider::builder()
                    .directory_id(directory)
                    .acs_url(acs)
                    .entity_id(entity)
                    .encoded_metadata_document(STANDARD.encode(metadata))
                    .authn_sign_algo("rsa-sha256")
                    .certificate_type("self-signed")
                    .support_encrypted_assertion(false)
                    .build()
            })
        })?;
        Ok(GetDirectorySamlServiceProviderInfoResponse::builder()
            .saml_service_provider(provider)
            .request_id(context.request_id())
            .build())
    }
}
