//! The directory family end to end through `Emulator::handle` with signed requests: the
//! service's status, delegated administrators, directories (rename, deletion conflicts,
//! statistics), logon preference, password policy, attribute passing, the external SAML
//! IdP and its certificates, the SP information, SCIM credentials and synchronization.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::time::SystemTime;

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cloudsso_emulator::Emulator;
use serde_json::Value;
use support::*;

fn emulator() -> Emulator {
    Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DIRECTORY)
        .rate_limit(0)
        // These tests create directories beside the configured one (the service allows
        // one per account: `one_directory_per_account_with_globally_unique_names`).
        .directory_quota(1000)
        .build()
        .unwrap()
}

fn call(emulator: &Emulator, action: &str, params: &[(&str, &str)]) -> http::Response<Vec<u8>> {
    emulator.handle(signed(
        &Credentials::new("testid", "testsecret"),
        action,
        params,
        SigningAlgorithm::Acs3HmacSha256,
        Format::Json,
        SystemTime::now(),
    ))
}

fn ok(emulator: &Emulator, action: &str, params: &[(&str, &str)]) -> Value {
    let response = call(emulator, action, params);
    assert_eq!(
        response.status(),
        200,
        "{action}: {}",
        String::from_utf8_lossy(response.body())
    );
    json(&response)
}

fn fails(emulator: &Emulator, action: &str, params: &[(&str, &str)]) -> (u16, String) {
    let response = call(emulator, action, params);
    (response.status().as_u16(), code_of(&response))
}

fn expect(status: u16, code: &str) -> (u16, String) {
    (status, code.to_owned())
}

const D: (&str, &str) = ("DirectoryId", DIRECTORY);

/// A self-signed certificate in PEM form, for `host`.
fn certificate(host: &str) -> String {
    rcgen::generate_simple_self_signed(vec![host.to_owned()])
        .unwrap()
        .cert
        .pem()
}

/// The Base64 body of a PEM certificate.
fn pem_body(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

#[test]
fn the_service_is_enabled_until_disabled_without_directories() {
    let emulator = emulator();
    let status = ok(&emulator, "GetServiceStatus", &[]);
    assert_eq!(status["ServiceStatus"]["Status"], "Enabled");
    assert_eq!(
        status["ServiceStatus"]["RegionsInUse"],
        serde_json::json!(["cn-shanghai"])
    );
    assert!(
        status["ServiceStatus"]
            .get("PrerequisiteCheckResult")
            .is_none()
    );
    assert_eq!(
        status["ServiceStatus"]["AccountId"].as_str().unwrap().len(),
        16
    );
    assert_eq!(
        fails(&emulator, "DisableService", &[]),
        expect(409, "OperationConflict.Service.DirectoryExists")
    );
    ok(&emulator, "DeleteDirectory", &[D]);
    ok(&emulator, "DisableService", &[]);
    let status = ok(&emulator, "GetServiceStatus", &[]);
    assert_eq!(status["ServiceStatus"]["Status"], "Disabled");
    assert_eq!(
        status["ServiceStatus"]["PrerequisiteCheckResult"],
        "Success"
    );
    assert_eq!(
        fails(&emulator, "CreateDirectory", &[]),
        expect(409, "OperationConflict.Service.Disabled")
    );
    ok(&emulator, "EnableService", &[]);
    ok(&emulator, "EnableService", &[]);
    let created = ok(&emulator, "CreateDirectory", &[("DirectoryName", "again")]);
    assert_eq!(created["Directory"]["DirectoryName"], "again");
    assert_eq!(
        ok(&emulator, "GetServiceStatus", &[])["ServiceStatus"]["Status"],
        "Enabled"
    );
}

#[test]
fn one_member_account_at_a_time_is_the_delegated_administrator() {
    let emulator = emulator();
    ok(
        &emulator,
        "EnableDelegateAccount",
        &[("AccountId", "1111222233334444")],
    );
    assert_eq!(
        fails(
            &emulator,
            "EnableDelegateAccount",
            &[("AccountId", "1111222233335555")]
        ),
        expect(409, "EntityAlreadyExists.DelegateAccount")
    );
    assert_eq!(
        fails(
            &emulator,
            "EnableDelegateAccount",
            &[("AccountId", "12345")]
        ),
        expect(404, "EntityNotExists.Account")
    );
    assert_eq!(
        fails(&emulator, "EnableDelegateAccount", &[]),
        expect(400, "MissingAccountId")
    );
    assert_eq!(
        fails(
            &emulator,
            "DisableDelegateAccount",
            &[("AccountId", "1111222233335555")]
        ),
        expect(404, "EntityNotExists.DelegateAccount")
    );
    ok(
        &emulator,
        "DisableDelegateAccount",
        &[("AccountId", "1111222233334444")],
    );
    ok(
        &emulator,
        "EnableDelegateAccount",
        &[("AccountId", "1111222233335555")],
    );
}

#[test]
fn directories_are_renamed_with_the_name_rules() {
    let emulator = emulator();
    let before = ok(&emulator, "GetDirectory", &[D]);
    let renamed = ok(
        &emulator,
        "UpdateDirectory",
        &[D, ("NewDirectoryName", "renamed-dir")],
    );
    assert_eq!(renamed["Directory"]["DirectoryName"], "renamed-dir");
    assert_eq!(
        renamed["Directory"]["CreateTime"],
        before["Directory"]["CreateTime"]
    );
    let got = ok(&emulator, "GetDirectory", &[D]);
    assert_eq!(got["Directory"]["DirectoryName"], "renamed-dir");
    let listed = ok(&emulator, "ListDirectories", &[]);
    assert_eq!(listed["Directories"][0]["DirectoryName"], "renamed-dir");
    ok(&emulator, "CreateDirectory", &[("DirectoryName", "taken")]);
    assert_eq!(
        fails(
            &emulator,
            "UpdateDirectory",
            &[D, ("NewDirectoryName", "taken")]
        ),
        expect(409, "EntityAlreadyExists.DirectoryName")
    );
    for bad in ["Bad_Name", "d-prefixed", "-x", "a"] {
        assert_eq!(
            fails(
                &emulator,
                "UpdateDirectory",
                &[D, ("NewDirectoryName", bad)]
            ),
            expect(400, "InvalidNewDirectoryName"),
            "{bad}"
        );
    }
    assert_eq!(
        fails(&emulator, "UpdateDirectory", &[D]),
        expect(400, "MissingNewDirectoryName")
    );
    assert_eq!(
        fails(
            &emulator,
            "UpdateDirectory",
            &[("DirectoryId", "d-unknown"), ("NewDirectoryName", "fine")]
        ),
        expect(404, "EntityNotExists.Directory")
    );
}

#[test]
fn directories_with_dependents_are_not_deleted_and_statistics_count_them() {
    let emulator = emulator();
    let statistics = |emulator: &Emulator| {
        ok(emulator, "GetDirectoryStatistics", &[D])["DirectoryStatistics"].clone()
    };
    let empty = statistics(&emulator);
    assert_eq!(empty["DirectoryId"], DIRECTORY);
    assert_eq!(empty["UserCount"], 0);
    assert_eq!(empty["UserQuota"], 1000);
    assert_eq!(empty["GroupQuota"], 500);
    assert_eq!(empty["AccessConfigurationQuota"], 1000);
    assert_eq!(empty["SystemPolicyPerAccessConfigurationQuota"], 20);
    assert_eq!(empty["InlinePolicyPerAccessConfigurationQuota"], 1);
    assert_eq!(empty["SSOEnabled"], false);
    assert_eq!(empty["SCIMSyncEnabled"], false);
    assert_eq!(empty["SCIMServerCredentialCount"], 0);
    assert_eq!(empty["InProgressTaskCount"], 0);

    let user = ok(&emulator, "CreateUser", &[D, ("UserName", "u1")])["User"]["UserId"]
        .as_str()
        .unwrap()
        .to_owned();
    let group = ok(&emulator, "CreateGroup", &[D, ("GroupName", "g1")])["Group"]["GroupId"]
        .as_str()
        .unwrap()
        .to_owned();
    let credential =
        ok(&emulator, "CreateSCIMServerCredential", &[D])["SCIMServerCredential"]["CredentialId"]
            .as_str()
            .unwrap()
            .to_owned();
    ok(
        &emulator,
        "SetSCIMSynchronizationStatus",
        &[D, ("SCIMSynchronizationStatus", "Enabled")],
    );
    ok(
        &emulator,
        "AddExternalSAMLIdPCertificate",
        &[D, ("X509Certificate", &certificate("idp.example"))],
    );
    let counted = statistics(&emulator);
    assert_eq!(counted["UserCount"], 1);
    assert_eq!(counted["GroupCount"], 1);
    assert_eq!(counted["SCIMServerCredentialCount"], 1);
    assert_eq!(counted["SCIMSyncEnabled"], true);

    for (code, params, action) in [
        (
            "DeletionConflict.Directory.User",
            vec![D, ("UserId", user.as_str())],
            "DeleteUser",
        ),
        (
            "DeletionConflict.Directory.Group",
            vec![D, ("GroupId", group.as_str())],
            "DeleteGroup",
        ),
        (
            "DeletionConflict.Directory.SCIMCredential",
            vec![D, ("CredentialId", credential.as_str())],
            "DeleteSCIMServerCredential",
        ),
        (
            "DeletionConflict.Directory.SAMLIdentityProvider",
            vec![D],
            "ClearExternalSAMLIdentityProvider",
        ),
    ] {
        assert_eq!(fails(&emulator, "DeleteDirectory", &[D]), expect(409, code));
        ok(&emulator, action, &params);
    }
    ok(&emulator, "DeleteDirectory", &[D]);
    assert_eq!(
        fails(&emulator, "GetDirectory", &[D]),
        expect(404, "EntityNotExists.Directory")
    );
    assert_eq!(
        fails(&emulator, "GetDirectoryStatistics", &[D]),
        expect(404, "EntityNotExists.Directory")
    );
}

#[test]
fn logon_preference_password_policy_and_attribute_passing_round_trip() {
    let emulator = emulator();
    let preference = ok(&emulator, "GetLoginPreference", &[D])["LoginPreference"].clone();
    assert_eq!(preference["AllowUserToGetCredentials"], false);
    assert!(preference.get("LoginNetworkMasks").is_none());
    ok(
        &emulator,
        "SetLoginPreference",
        &[
            D,
            ("AllowUserToGetCredentials", "true"),
            ("LoginNetworkMasks", "192.168.0.0/16; 10.0.0.1"),
        ],
    );
    let preference = ok(&emulator, "GetLoginPreference", &[D])["LoginPreference"].clone();
    assert_eq!(preference["AllowUserToGetCredentials"], true);
    assert_eq!(preference["LoginNetworkMasks"], "192.168.0.0/16;10.0.0.1");
    // Omitted: kept. `;`: cleared.
    ok(
        &emulator,
        "SetLoginPreference",
        &[D, ("AllowUserToGetCredentials", "false")],
    );
    let preference = ok(&emulator, "GetLoginPreference", &[D])["LoginPreference"].clone();
    assert_eq!(preference["LoginNetworkMasks"], "192.168.0.0/16;10.0.0.1");
    ok(
        &emulator,
        "SetLoginPreference",
        &[D, ("LoginNetworkMasks", ";")],
    );
    let preference = ok(&emulator, "GetLoginPreference", &[D])["LoginPreference"].clone();
    assert!(preference.get("LoginNetworkMasks").is_none());
    assert_eq!(preference["AllowUserToGetCredentials"], false);
    for bad in ["300.1.1.1", "10.0.0.0/33", "example.com"] {
        assert_eq!(
            fails(
                &emulator,
                "SetLoginPreference",
                &[D, ("LoginNetworkMasks", bad)]
            ),
            expect(400, "InvalidLoginNetworkMasks"),
            "{bad}"
        );
    }

    let policy = ok(&emulator, "GetPasswordPolicy", &[D])["PasswordPolicy"].clone();
    assert_eq!(policy["MinPasswordLength"], 8);
    assert_eq!(policy["MaxPasswordLength"], 32);
    assert_eq!(policy["PasswordReusePrevention"], 1);
    assert_eq!(policy["RequireSymbols"], true);
    ok(
        &emulator,
        "SetPasswordPolicy",
        &[
            D,
            ("MinPasswordLength", "12"),
            ("MaxPasswordAge", "30"),
            ("MaxLoginAttempts", "0"),
            ("PasswordNotContainUsername", "false"),
        ],
    );
    let policy = ok(&emulator, "GetPasswordPolicy", &[D])["PasswordPolicy"].clone();
    assert_eq!(policy["MinPasswordLength"], 12);
    assert_eq!(policy["MaxPasswordAge"], 30);
    assert_eq!(policy["MaxLoginAttempts"], 0);
    assert_eq!(policy["PasswordNotContainUsername"], false);
    assert_eq!(policy["MinPasswordDifferentChars"], 8, "kept");
    for (name, value) in [
        ("MinPasswordLength", "7"),
        ("MinPasswordLength", "33"),
        ("MaxPasswordAge", "121"),
        ("MaxLoginAttempts", "33"),
        ("PasswordReusePrevention", "25"),
        ("MinPasswordDifferentChars", "13"),
    ] {
        assert_eq!(
            fails(&emulator, "SetPasswordPolicy", &[D, (name, value)]),
            expect(400, &format!("Invalid{name}")),
            "{name}={value}"
        );
    }

    let passing = ok(&emulator, "GetAttributePassingSetting", &[D]);
    assert_eq!(
        passing["AttributePassingSetting"]["SourceIdentityPassing"],
        "Disabled"
    );
    ok(
        &emulator,
        "UpdateAttributePassingSetting",
        &[D, ("SourceIdentityPassing", "UserName")],
    );
    let passing = ok(&emulator, "GetAttributePassingSetting", &[D]);
    assert_eq!(
        passing["AttributePassingSetting"]["SourceIdentityPassing"],
        "UserName"
    );
    assert_eq!(
        fails(
            &emulator,
            "UpdateAttributePassingSetting",
            &[D, ("SourceIdentityPassing", "Other")]
        ),
        expect(400, "InvalidSourceIdentityPassing")
    );
}

#[test]
fn the_external_idp_is_configured_by_hand_or_by_metadata() {
    let emulator = emulator();
    let empty = ok(&emulator, "GetExternalSAMLIdentityProvider", &[D]);
    let config = &empty["SAMLIdentityProviderConfiguration"];
    assert_eq!(config["SSOStatus"], "Disabled");
    assert!(config.get("EntityId").is_none());

    // Enabling an incomplete IdP is refused.
    assert_eq!(
        fails(
            &emulator,
            "SetExternalSAMLIdentityProvider",
            &[D, ("SSOStatus", "Enabled")]
        ),
        expect(400, "InvalidSSOStatus")
    );
    let first = certificate("idp.example");
    let set = ok(
        &emulator,
        "SetExternalSAMLIdentityProvider",
        &[
            D,
            ("EntityId", "https://idp.example/entity"),
            ("LoginUrl", "https://idp.example/sso"),
            ("X509Certificate", &first),
            ("SSOStatus", "Enabled"),
        ],
    );
    let config = &set["SAMLIdentityProviderConfiguration"];
    assert_eq!(config["SSOStatus"], "Enabled");
    assert_eq!(config["EntityId"], "https://idp.example/entity");
    assert_eq!(config["WantRequestSigned"], false);
    assert_eq!(config["BindingType"], "Post");
    assert_eq!(config["CertificateIds"].as_array().unwrap().len(), 1);
    let got = ok(&emulator, "GetExternalSAMLIdentityProvider", &[D]);
    assert_eq!(&got["SAMLIdentityProviderConfiguration"], config);
    assert_eq!(
        ok(&emulator, "GetDirectoryStatistics", &[D])["DirectoryStatistics"]["SSOEnabled"],
        true
    );

    // Certificates: what they say, at most two, no duplicate, not the last while enabled.
    let listed = ok(&emulator, "ListExternalSAMLIdPCertificates", &[D]);
    assert_eq!(listed["TotalCounts"], 1);
    let listed_certificate = &listed["SAMLIdPCertificates"][0];
    let first_id = listed_certificate["CertificateId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(first_id.starts_with("idp-c-"), "{first_id}");
    assert_eq!(listed_certificate["X509Certificate"], pem_body(&first));
    assert_eq!(listed_certificate["Version"], 3);
    assert!(
        listed_certificate["Subject"]
            .as_str()
            .unwrap()
            .contains("CN=rcgen self signed cert")
    );
    assert!(
        listed_certificate["SignatureAlgorithm"]
            .as_str()
            .unwrap()
            .contains("ECDSA")
    );
    assert!(
        listed_certificate["NotAfter"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    assert_eq!(
        fails(
            &emulator,
            "RemoveExternalSAMLIdPCertificate",
            &[D, ("CertificateId", &first_id)]
        ),
        expect(409, "OperationConflict.SSOEnabled")
    );
    assert_eq!(
        fails(
            &emulator,
            "AddExternalSAMLIdPCertificate",
            &[D, ("X509Certificate", &first)]
        ),
        expect(409, "EntityAlreadyExists.SAMLIdPCertificate")
    );
    let second = ok(
        &emulator,
        "AddExternalSAMLIdPCertificate",
        &[
            D,
            ("X509Certificate", &pem_body(&certificate("second.example"))),
        ],
    )["CertificateId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        fails(
            &emulator,
            "AddExternalSAMLIdPCertificate",
            &[D, ("X509Certificate", &certificate("third.example"))]
        ),
        expect(409, "QuotaExceeded.SAMLIdPCertificate")
    );
    assert_eq!(
        fails(
            &emulator,
            "AddExternalSAMLIdPCertificate",
            &[D, ("X509Certificate", "not a certificate")]
        ),
        expect(400, "InvalidX509Certificate")
    );
    ok(
        &emulator,
        "RemoveExternalSAMLIdPCertificate",
        &[D, ("CertificateId", &first_id)],
    );
    assert_eq!(
        fails(
            &emulator,
            "RemoveExternalSAMLIdPCertificate",
            &[D, ("CertificateId", &first_id)]
        ),
        expect(404, "EntityNotExists.SAMLIdPCertificate")
    );
    let listed = ok(&emulator, "ListExternalSAMLIdPCertificates", &[D]);
    assert_eq!(
        listed["SAMLIdPCertificates"][0]["CertificateId"],
        second.as_str()
    );

    // Password resets and clearing need SSO logon off.
    let user = ok(&emulator, "CreateUser", &[D, ("UserName", "sso-user")])["User"]["UserId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        fails(
            &emulator,
            "ResetUserPassword",
            &[D, ("UserId", &user), ("GenerateRandomPassword", "true")]
        ),
        expect(409, "OperationConflict.SSOEnabled")
    );
    assert_eq!(
        fails(&emulator, "ClearExternalSAMLIdentityProvider", &[D]),
        expect(409, "OperationConflict.SSOEnabled")
    );
    ok(
        &emulator,
        "SetExternalSAMLIdentityProvider",
        &[D, ("SSOStatus", "Disabled")],
    );
    ok(
        &emulator,
        "ResetUserPassword",
        &[D, ("UserId", &user), ("GenerateRandomPassword", "true")],
    );

    // Metadata replaces every setting and the certificates.
    let third = certificate("meta.example");
    let metadata = format!(
        r#"<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/exk3qwgtjhetR2Od"><md:IDPSSODescriptor WantAuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>{}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://okta.example/redirect"/><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://okta.example/post"/></md:IDPSSODescriptor></md:EntityDescriptor>"#,
        pem_body(&third)
    );
    let encoded = STANDARD.encode(metadata);
    let set = ok(
        &emulator,
        "SetExternalSAMLIdentityProvider",
        &[
            D,
            ("EncodedMetadataDocument", &encoded),
            ("SSOStatus", "Enabled"),
        ],
    );
    let config = &set["SAMLIdentityProviderConfiguration"];
    assert_eq!(config["EntityId"], "http://www.okta.com/exk3qwgtjhetR2Od");
    assert_eq!(config["LoginUrl"], "https://okta.example/post");
    assert_eq!(config["BindingType"], "Post");
    assert_eq!(config["WantRequestSigned"], true);
    assert_eq!(config["EncodedMetadataDocument"], encoded.as_str());
    let listed = ok(&emulator, "ListExternalSAMLIdPCertificates", &[D]);
    assert_eq!(listed["TotalCounts"], 1);
    assert_eq!(
        listed["SAMLIdPCertificates"][0]["X509Certificate"],
        pem_body(&third)
    );
    let redirect = ok(
        &emulator,
        "SetExternalSAMLIdentityProvider",
        &[
            D,
            ("EncodedMetadataDocument", &encoded),
            ("BindingType", "Redirect"),
        ],
    );
    assert_eq!(
        redirect["SAMLIdentityProviderConfiguration"]["LoginUrl"],
        "https://okta.example/redirect"
    );
    assert_eq!(
        fails(
            &emulator,
            "SetExternalSAMLIdentityProvider",
            &[D, ("EncodedMetadataDocument", "bm90IG1ldGFkYXRh")]
        ),
        expect(400, "InvalidEncodedMetadataDocument")
    );

    ok(
        &emulator,
        "SetExternalSAMLIdentityProvider",
        &[D, ("SSOStatus", "Disabled")],
    );
    ok(&emulator, "ClearExternalSAMLIdentityProvider", &[D]);
    let cleared = ok(&emulator, "GetExternalSAMLIdentityProvider", &[D]);
    assert!(
        cleared["SAMLIdentityProviderConfiguration"]
            .get("EntityId")
            .is_none()
    );
    assert_eq!(
        ok(&emulator, "ListExternalSAMLIdPCertificates", &[D])["TotalCounts"],
        0
    );
}

#[test]
fn the_service_provider_is_described_per_directory() {
    let emulator = emulator();
    let info = ok(&emulator, "GetDirectorySAMLServiceProviderInfo", &[D]);
    let provider = &info["SAMLServiceProvider"];
    let acs = provider["AcsUrl"].as_str().unwrap();
    assert!(
        acs.starts_with("https://signin-cn-shanghai.alibabacloudsso.com/saml/acs/"),
        "{acs}"
    );
    assert_eq!(acs.rsplit('/').next().unwrap().len(), 36);
    assert_eq!(
        provider["EntityId"],
        format!("https://signin-cn-shanghai.alibabacloudsso.com/saml/sp/{DIRECTORY}")
    );
    let metadata = STANDARD
        .decode(provider["EncodedMetadataDocument"].as_str().unwrap())
        .unwrap();
    let metadata = String::from_utf8(metadata).unwrap();
    assert!(metadata.contains(acs), "{metadata}");
    // Stable across reads.
    let again = ok(&emulator, "GetDirectorySAMLServiceProviderInfo", &[D]);
    assert_eq!(again["SAMLServiceProvider"], *provider);
}

#[test]
fn scim_credentials_show_their_secret_once() {
    let emulator = emulator();
    let created = ok(&emulator, "CreateSCIMServerCredential", &[D]);
    let credential = &created["SCIMServerCredential"];
    let id = credential["CredentialId"].as_str().unwrap().to_owned();
    assert!(id.starts_with("scimcred-"), "{id}");
    let secret = credential["CredentialSecret"].as_str().unwrap().to_owned();
    assert!(secret.len() >= 32);
    assert_eq!(credential["CredentialType"], "BearerToken");
    assert_eq!(credential["Status"], "Enabled");
    let created_at = credential["CreateTime"].as_str().unwrap();
    let expires = credential["ExpireTime"].as_str().unwrap();
    let year: i32 = created_at[..4].parse().unwrap();
    assert_eq!(expires[..4].parse::<i32>().unwrap(), year + 1, "{expires}");

    let listed = call(&emulator, "ListSCIMServerCredentials", &[D]);
    let text = String::from_utf8_lossy(listed.body()).into_owned();
    assert!(!text.contains(&secret), "{text}");
    let listed = json(&listed);
    assert_eq!(listed["TotalCounts"], 1);
    assert_eq!(
        listed["SCIMServerCredentials"][0]["CredentialId"],
        id.as_str()
    );
    assert!(
        listed["SCIMServerCredentials"][0]
            .get("CredentialSecret")
            .is_none()
    );

    let second =
        ok(&emulator, "CreateSCIMServerCredential", &[D])["SCIMServerCredential"]["CredentialId"]
            .as_str()
            .unwrap()
            .to_owned();
    assert_eq!(
        fails(&emulator, "CreateSCIMServerCredential", &[D]),
        expect(409, "QuotaExceeded.SCIMCredential")
    );
    let updated = ok(
        &emulator,
        "UpdateSCIMServerCredentialStatus",
        &[D, ("CredentialId", &id), ("NewStatus", "Disabled")],
    );
    assert_eq!(updated["SCIMServerCredential"]["Status"], "Disabled");
    let listed = ok(&emulator, "ListSCIMServerCredentials", &[D]);
    assert_eq!(listed["SCIMServerCredentials"][0]["Status"], "Disabled");
    ok(
        &emulator,
        "DeleteSCIMServerCredential",
        &[D, ("CredentialId", &id)],
    );
    assert_eq!(
        fails(
            &emulator,
            "DeleteSCIMServerCredential",
            &[D, ("CredentialId", &id)]
        ),
        expect(404, "EntityNotExists.SCIMCredential")
    );
    assert_eq!(
        fails(
            &emulator,
            "UpdateSCIMServerCredentialStatus",
            &[D, ("CredentialId", &id), ("NewStatus", "Enabled")]
        ),
        expect(404, "EntityNotExists.SCIMCredential")
    );
    let listed = ok(&emulator, "ListSCIMServerCredentials", &[D]);
    assert_eq!(
        listed["SCIMServerCredentials"][0]["CredentialId"],
        second.as_str()
    );

    let status = ok(&emulator, "GetSCIMSynchronizationStatus", &[D]);
    assert_eq!(status["SCIMSynchronizationStatus"], "Disabled");
    ok(
        &emulator,
        "SetSCIMSynchronizationStatus",
        &[D, ("SCIMSynchronizationStatus", "Enabled")],
    );
    let status = ok(&emulator, "GetSCIMSynchronizationStatus", &[D]);
    assert_eq!(status["SCIMSynchronizationStatus"], "Enabled");
    assert_eq!(
        fails(&emulator, "SetSCIMSynchronizationStatus", &[D]),
        expect(400, "MissingSCIMSynchronizationStatus")
    );
}

/// As the service: one directory per account (`QuotaExceeded.Directory` for a second,
/// unless the quota is raised), and a directory name unique across all accounts
/// (`EntityAlreadyExists.DirectoryName`), whether created or renamed.
#[test]
fn one_directory_per_account_with_globally_unique_names() {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .account_access_key("otherid", "othersecret", "6543210987654321")
        .rate_limit(0)
        .build()
        .unwrap();
    let one = Credentials::new("testid", "testsecret");
    let other = Credentials::new("otherid", "othersecret");
    let call = |key: &Credentials, action: &str, params: &[(&str, &str)]| {
        let response = emulator.handle(signed(
            key,
            action,
            params,
            SigningAlgorithm::Acs3HmacSha256,
            Format::Json,
            SystemTime::now(),
        ));
        (
            response.status().as_u16(),
            code_of(&response),
            json(&response),
        )
    };
    let status = |key: &Credentials, action: &str, params: &[(&str, &str)]| {
        let (status, code, _) = call(key, action, params);
        (status, code)
    };
    let ok_status = (200, String::new());

    // Each account starts with the documented directory: a second one is refused.
    assert_eq!(
        status(&one, "CreateDirectory", &[("DirectoryName", "second")]),
        expect(409, "QuotaExceeded.Directory")
    );
    assert_eq!(status(&one, "DeleteDirectory", &[D]), ok_status);
    let (code, _, created) = call(&one, "CreateDirectory", &[("DirectoryName", "shared-name")]);
    assert_eq!(code, 200, "{created}");
    let mine = created["Directory"]["DirectoryId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        status(&one, "CreateDirectory", &[]),
        expect(409, "QuotaExceeded.Directory")
    );

    // The other account can neither rename its directory to the name nor create one so named.
    let rename = |key: &Credentials, id: &str, name: &str| {
        status(
            key,
            "UpdateDirectory",
            &[("DirectoryId", id), ("NewDirectoryName", name)],
        )
    };
    assert_eq!(
        rename(&other, DIRECTORY, "shared-name"),
        expect(409, "EntityAlreadyExists.DirectoryName")
    );
    assert_eq!(status(&other, "DeleteDirectory", &[D]), ok_status);
    assert_eq!(
        status(
            &other,
            "CreateDirectory",
            &[("DirectoryName", "shared-name")]
        ),
        expect(409, "EntityAlreadyExists.DirectoryName")
    );
    let (code, _, theirs) = call(
        &other,
        "CreateDirectory",
        &[("DirectoryName", "other-name")],
    );
    assert_eq!(code, 200, "{theirs}");
    let theirs = theirs["Directory"]["DirectoryId"]
        .as_str()
        .unwrap()
        .to_owned();

    // Once the first account renames its directory, the name is free.
    assert_eq!(
        rename(&one, &mine, "other-name"),
        expect(409, "EntityAlreadyExists.DirectoryName")
    );
    assert_eq!(rename(&one, &mine, "free-name"), ok_status);
    assert_eq!(rename(&other, &theirs, "shared-name"), ok_status);
    let (_, _, listed) = call(&other, "ListDirectories", &[]);
    assert_eq!(listed["TotalCounts"], 1);
    assert_eq!(listed["Directories"][0]["DirectoryName"], "shared-name");
}

/// Every quota `GetDirectoryStatistics` reports is a builder setting, reported and enforced.
#[test]
fn configured_quotas_are_reported_and_enforced() {
    let emulator = Emulator::builder()
        .access_key("testid", "testsecret")
        .directory(DIRECTORY)
        .rate_limit(0)
        .user_quota(1)
        .group_quota(1)
        .access_configuration_quota(1)
        .system_policy_quota(1)
        .inline_policy_quota(0)
        .build()
        .unwrap();
    let statistics = ok(&emulator, "GetDirectoryStatistics", &[D])["DirectoryStatistics"].clone();
    assert_eq!(statistics["UserQuota"], 1);
    assert_eq!(statistics["GroupQuota"], 1);
    assert_eq!(statistics["AccessConfigurationQuota"], 1);
    assert_eq!(statistics["SystemPolicyPerAccessConfigurationQuota"], 1);
    assert_eq!(statistics["InlinePolicyPerAccessConfigurationQuota"], 0);

    ok(&emulator, "CreateUser", &[D, ("UserName", "u1")]);
    assert_eq!(
        fails(&emulator, "CreateUser", &[D, ("UserName", "u2")]),
        expect(409, "QuotaExceeded.User")
    );
    ok(&emulator, "CreateGroup", &[D, ("GroupName", "g1")]);
    assert_eq!(
        fails(&emulator, "CreateGroup", &[D, ("GroupName", "g2")]),
        expect(409, "QuotaExceeded.Group")
    );
    let ac = ok(
        &emulator,
        "CreateAccessConfiguration",
        &[D, ("AccessConfigurationName", "ac1")],
    )["AccessConfiguration"]["AccessConfigurationId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        fails(
            &emulator,
            "CreateAccessConfiguration",
            &[D, ("AccessConfigurationName", "ac2")]
        ),
        expect(409, "QuotaExceeded.AccessConfiguration")
    );
    let policy = |kind: &str, name: &str| {
        fails(
            &emulator,
            "AddPermissionPolicyToAccessConfiguration",
            &[
                D,
                ("AccessConfigurationId", ac.as_str()),
                ("PermissionPolicyType", kind),
                ("PermissionPolicyName", name),
                ("InlinePolicyDocument", r#"{"Version":"1","Statement":[]}"#),
            ],
        )
    };
    assert_eq!(policy("System", "ReadOnlyAccess"), (200, String::new()));
    assert_eq!(
        policy("System", "AdministratorAccess"),
        expect(409, "QuotaExceeded.SystemPolicy")
    );
    assert_eq!(
        policy("Inline", "inline"),
        expect(409, "QuotaExceeded.InlinePolicy")
    );
}
