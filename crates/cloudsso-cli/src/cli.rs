//! The command line, as clap reads it (operation parameters are taken out first, see
//! [`crate::params`]).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  cloudsso demo
  cloudsso serve --listen 127.0.0.1:8080 --state state.json
  ALIBABA_CLOUD_ACCESS_KEY_ID=testid ALIBABA_CLOUD_ACCESS_KEY_SECRET=testsecret \\
    cloudsso call SetMFAAuthenticationStatus --endpoint http://127.0.0.1:8080 \\
    --DirectoryId 'd-00fc2p61****' --MFAAuthenticationStatus Enabled
  cloudsso sign GetMFAAuthenticationSettingInfo --DirectoryId 'd-00fc2p61****' --output curl
  cloudsso sign CreateUser --DirectoryId 'd-00fc2p61****' --UserName alice \\
    --Tags.1.Key team --Tags.1.Value sso
  cloudsso sign UpdateMFAAuthenticationSettings --DirectoryId 'd-00fc2p61****' \\
    --AllowedVerificationTypes '[\"TOTP\",\"WebAuthn\"]'
  cloudsso schema SetMFAAuthenticationStatus
  cloudsso schema ListUsers --output text

Exit codes: 0 success, 1 service error (or no answer), 2 usage or input error.";

/// `cloudsso`: call, sign, decode and serve Alibaba Cloud CloudSSO (API 2021-05-15).
#[derive(Debug, Parser)]
#[command(name = "cloudsso", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
#[non_exhaustive]
pub enum Command {
    /// Send a signed request and print the decoded response as JSON.
    #[command(after_help = CALL_EXAMPLES)]
    Call(CallArgs),
    /// Print a signed request without sending it.
    #[command(after_help = SIGN_EXAMPLES)]
    Sign(SignArgs),
    /// Decode a response body read on stdin and print it as JSON.
    #[command(after_help = DECODE_EXAMPLES)]
    Decode(DecodeArgs),
    /// Print the schema reference: operations, parameters and JSON Schemas.
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema(SchemaArgs),
    /// Run the emulator: a local CloudSSO that verifies signatures.
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
    /// Run the documented examples end to end against an in-process emulator.
    #[command(after_help = "Examples:\n  cloudsso demo\n  cloudsso demo --quiet")]
    Demo(DemoArgs),
    /// Sign in to the CloudSSO user portal and save a CloudSSO profile, as `aliyun configure
    /// --mode CloudSSO` does.
    #[command(after_help = LOGIN_EXAMPLES)]
    Login(LoginArgs),
    /// Show the credentials call and sign would use: the provider, the key ID and the
    /// expiry (never the secret or the token).
    #[command(after_help = CREDENTIALS_EXAMPLES)]
    Credentials(CredentialsArgs),
}

const LOGIN_EXAMPLES: &str = "\
Examples:
  cloudsso login --profile sso --sign-in-url https://signin-cn-shanghai.alibabacloudsso.com/mydir/login
  cloudsso login --profile sso --account-id 1234567890123456 --access-configuration-id ac-00ccule7tadaijxc****
  cloudsso login --profile dev --sign-in-url http://127.0.0.1:8080/mydir/login --no-browser

The profile is saved in ~/.aliyun/config.json (or the file ALIBABA_CLOUD_CONFIG_FILE names),
with the keys the aliyun CLI writes; the official credential libraries and the aliyun CLI read
it. ALIBABACLOUD_SSO_CLIENT_ID (or ALIBABA_CLOUD_SSO_CLIENT_ID) replaces the portal client ID.
Without --account-id or --access-configuration-id, a single choice is taken and several are
offered on a terminal; otherwise the flag is required.";

/// `login`.
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// The profile to save (created, or updated in place keeping its other keys).
    #[arg(long, value_name = "NAME")]
    pub profile: String,
    /// The user portal's sign-in URL,
    /// `https://signin-<region>.alibabacloudsso.com/<DirectoryName>/login`; default: the
    /// profile's own.
    #[arg(long, value_name = "URL")]
    pub sign_in_url: Option<String>,
    /// The account to get credentials for.
    #[arg(long, value_name = "ID")]
    pub account_id: Option<String>,
    /// The access configuration (`ac-…`) to get credentials with.
    #[arg(long, value_name = "ID")]
    pub access_configuration_id: Option<String>,
    /// The profile's region (default: the profile's own, else cn-hangzhou).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Do not open a browser; only print the URL and the user code.
    #[arg(long)]
    pub no_browser: bool,
}

const CREDENTIALS_EXAMPLES: &str = "\
Credentials are found as the official SDKs find them: --profile (an aliyun CLI profile in any
mode: AK, StsToken, RamRoleArn, EcsRamRole, ChainableRamRoleArn, OIDC, CloudSSO,
CredentialsURI, External), else the default chain: ALIBABA_CLOUD_ACCESS_KEY_ID and
ALIBABA_CLOUD_ACCESS_KEY_SECRET; OIDC (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN,
ALIBABA_CLOUD_OIDC_TOKEN_FILE); the profile ALIBABA_CLOUD_PROFILE or current of
~/.aliyun/config.json (ALIBABA_CLOUD_CONFIG_FILE); ~/.alibabacloud/credentials[.ini]
(ALIBABA_CLOUD_CREDENTIALS_FILE); ECS instance metadata (off with
ALIBABA_CLOUD_ECS_METADATA_DISABLED=true); ALIBABA_CLOUD_CREDENTIALS_URI.

Examples:
  cloudsso credentials
  cloudsso credentials --profile ops-role";

/// How operation parameters are given; shared by the help of `call` and `sign`.
macro_rules! parameters_help {
    () => {
        "\
Operation parameters are given as the aliyun CLI takes them, by their wire names:
  --DirectoryId 'd-00fc2p61****'          a string, an integer or a boolean
  --Tags.1.Key team --Tags.1.Value sso    a list or an object, flattened: one flag per value,
                                          list items numbered 1, 2, 3, ... without gaps
  --AllowedVerificationTypes '[\"TOTP\",\"WebAuthn\"]'
                                          a parameter that travels as JSON text: one flag
                                          holding the JSON of the whole value
`cloudsso schema ACTION --output text` lists an operation's summary and its flags with their
type, style, required-ness, allowed values, limits and an example.
"
    };
}

const CALL_EXAMPLES: &str = concat!(
    parameters_help!(),
    "
Examples:
  cloudsso call GetMFAAuthenticationSettingInfo --endpoint http://127.0.0.1:8080 \\
    --DirectoryId 'd-00fc2p61****'
  cloudsso call SetMFAAuthenticationStatus --endpoint http://127.0.0.1:8080 \\
    --signature-version v2 --format xml --DirectoryId 'd-00fc2p61****' --MFAAuthenticationStatus Disabled
  cloudsso call ListUsers --endpoint http://127.0.0.1:8080 --DirectoryId 'd-00fc2p61****' \\
    --Filter 'UserName sw \"test\"' --MaxResults 10 --Tags.1.Key team --Tags.1.Value sso
  cloudsso call UpdateMFAAuthenticationSettings --endpoint http://127.0.0.1:8080 \\
    --DirectoryId 'd-00fc2p61****' --MFAAuthenticationSettings Enabled \\
    --AllowedVerificationTypes '[\"TOTP\",\"WebAuthn\"]'
  cloudsso call ListGroups --endpoint http://127.0.0.1:8080 --DirectoryId 'd-00fc2p61****' \\
    --MaxResults 100 --all-pages
  cloudsso call ListDirectories --region ap-southeast-1
  cloudsso call ListDirectories --endpoint https://cloudsso.example:8443 --ca-bundle proxy-ca.pem

Credentials: --profile (an aliyun CLI profile in any mode), else the official default chain:
environment, OIDC, ~/.aliyun/config.json, ~/.alibabacloud/credentials, ECS instance metadata,
ALIBABA_CLOUD_CREDENTIALS_URI (see cloudsso credentials --help).

TLS: https endpoints (the default) are checked against Mozilla's root certificates, built in;
--ca-bundle FILE (or, without it, SSL_CERT_FILE) trusts the CA certificates of a PEM file
instead. A certificate that does not verify exits 1 with the reason."
);

const SIGN_EXAMPLES: &str = concat!(
    parameters_help!(),
    "
Examples:
  cloudsso sign SetMFAAuthenticationStatus --DirectoryId 'd-00fc2p61****' \\
    --MFAAuthenticationStatus Enabled --output json
  cloudsso sign GetMFAAuthenticationSettingInfo --DirectoryId 'd-00fc2p61****' \\
    --signature-algorithm ACS3-HMAC-SM3 --timestamp 2024-01-01T00:00:00Z --nonce n-1
  cloudsso sign CreateAccessConfiguration --DirectoryId 'd-00fc2p61****' \\
    --AccessConfigurationName Admin --SessionDuration 3600 \\
    --Tags.1.Key team --Tags.1.Value sso --Tags.2.Key env --Tags.2.Value prod --output curl
  cloudsso sign ListAccessConfigurations --DirectoryId 'd-00fc2p61****' --MaxResults 20 \\
    --NextToken 'K1c3o8****' --signature-version v2 --output json
  cloudsso sign GetUserId --DirectoryId 'd-00fc2p61****' \\
    --ExternalId '{\"Id\":\"ext-1\",\"Issuer\":\"SCIM\"}'
  cloudsso sign DescribeRegions --api-version 2014-05-26 --endpoint ecs.aliyuncs.com \\
    --method GET --signature-version v2 --format xml --output http

An action outside the CloudSSO model is signed as given (parameters in the query, in order)."
);

const SCHEMA_EXAMPLES: &str = "\
Every parameter and response field is listed by its wire name, nested members included
(`Tags.N.Key` as given on the command line, `Users[].UserName` in a response), with its type,
location, style (flat, or json: one parameter holding JSON text), whether it is required,
allowed values and limits. The JSON output adds the operation's JSON Schemas.

Examples:
  cloudsso schema
  cloudsso schema GetMFAAuthenticationSettingInfo
  cloudsso schema CreateUser --output text";

const DECODE_EXAMPLES: &str = "\
Examples:
  cloudsso decode GetMFAAuthenticationSettingInfo < response.json
  cloudsso decode SetMFAAuthenticationStatus --format xml < response.xml
  echo '{\"Code\":\"Throttling.User\",\"Message\":\"...\"}' | cloudsso decode GetMFAAuthenticationSettingInfo --status 400

Exit codes: 0 success body, 1 service error, 2 a body that cannot be decoded.";

const SERVE_EXAMPLES: &str = "\
Examples:
  cloudsso serve
  cloudsso serve --listen 127.0.0.1:0 --state /tmp/cloudsso.db --rate-limit 0
  cloudsso serve --listen 0.0.0.0:8080 --access-key AKID:secret --directory d-1 --directory d-2
  cloudsso serve --access-key A:secret-a:1111111111111111 --access-key B:secret-b:2222222222222222
  cloudsso serve --seed seed.json --task-transition immediate
  cloudsso serve --directory-quota 10 --user-quota 5 --system-policy-quota 2
  cloudsso serve --role acs:ram::1234567890123456:role/admin=1234567890123456,6543210987654321
  cloudsso serve --oidc-provider acs:ram::1234567890123456:oidc-provider/ack,issuer=https://oidc.example.com,client-id=sts.aliyuncs.com,keys=jwks.json

It serves all 87 operations of the API with the service's semantics: the directory family
(service status, directories, statistics and quotas, delegate accounts, MFA settings, login
preference, password policy, attribute passing, SAML, SCIM), identity (users, groups,
memberships, MFA devices, passwords) and access (access configurations and their policies,
provisionings, access assignments, tasks, RAM user provisionings); an action outside the API
answers InvalidAction.NotFound. As the service: one directory per account (a second is
QuotaExceeded.Directory unless --directory-quota allows more) and directory names unique
across accounts; every quota GetDirectoryStatistics reports has its flag. A user provisioning
fails with an event when the RAM user names it needs are taken: seed them in the ram_users
table (key ACCOUNT/NAME).
STS (version 2015-04-01) on the same listener: AssumeRole, the anonymous AssumeRoleWithOIDC
and GetCallerIdentity; the temporary credentials it issues call CloudSSO (with their security
token, until they expire) for the role's account. A profile's sts_endpoint may name it, e.g.
http://127.0.0.1:8080.
The admin interface (loopback clients only): POST /_emulator/reset, GET /_emulator/state
(secrets redacted; ?include-secrets=true keeps the hashes and seeds), POST /_emulator/seed,
GET/PUT /_emulator/task-transition.
The CloudSSO user portal on the same listener: sign in at http://ADDR/<DirectoryName>/login
(cloudsso login --sign-in-url that URL), with the device flow, /cloud-credentials, and pages
that enforce the directory's password policy, login preference and MFA settings.

It prints `listening on http://ADDR` once it accepts connections, logs one line per request on
stderr (RUST_LOG to filter), and stops cleanly on SIGINT and SIGTERM.";

/// A response format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "lower")]
pub enum FormatArg {
    /// JSON.
    Json,
    /// XML.
    Xml,
}

impl From<FormatArg> for acs_protocol::Format {
    fn from(value: FormatArg) -> Self {
        match value {
            FormatArg::Json => Self::Json,
            FormatArg::Xml => Self::Xml,
        }
    }
}

/// A signature version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "lower")]
pub enum SignatureVersionArg {
    /// V3, `ACS3-HMAC-SHA256` (the official SDKs' default).
    V3,
    /// V2, `HMAC-SHA1`.
    V2,
}

/// A V3 algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlgorithmArg {
    /// `ACS3-HMAC-SHA256`.
    #[value(name = "ACS3-HMAC-SHA256")]
    HmacSha256,
    /// `ACS3-HMAC-SM3`.
    #[value(name = "ACS3-HMAC-SM3")]
    HmacSm3,
    /// `ACS3-RSA-SHA256` (the secret is a PKCS#8 private key in PEM form).
    #[value(name = "ACS3-RSA-SHA256")]
    RsaSha256,
}

/// How `sign` prints the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "lower")]
pub enum OutputArg {
    /// The HTTP/1.1 message.
    Http,
    /// `{"method": ..., "url": ..., "headers": [[name, value], ...], "body": ...}`.
    Json,
    /// A curl command line.
    Curl,
}

/// An HTTP method for `sign`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum MethodArg {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

/// Where and how a request is sent: shared by `call` and `sign`.
#[derive(Debug, Args)]
pub struct Target {
    /// The endpoint, e.g. `http://127.0.0.1:8080` (default `https://cloudsso.<region>.aliyuncs.com`).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// The region whose endpoint to use (default: the profile's, else cn-shanghai).
    #[arg(long, value_name = "ID")]
    pub region: Option<String>,
    /// The response format to ask for.
    #[arg(long, value_enum, default_value = "json", ignore_case = true)]
    pub format: FormatArg,
    /// The signature version [default: v3].
    #[arg(long, value_enum, ignore_case = true)]
    pub signature_version: Option<SignatureVersionArg>,
    /// The profile of ~/.aliyun/config.json to take credentials from.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
}

/// `call`.
#[derive(Debug, Args)]
pub struct CallArgs {
    /// The action, e.g. SetMFAAuthenticationStatus.
    #[arg(value_name = "ACTION")]
    pub action: String,
    /// Where and how.
    #[command(flatten)]
    pub target: Target,
    /// Seconds to wait for each answer once connected (the read timeout of each attempt;
    /// connecting gets at most 5 of them).
    #[arg(
        long,
        default_value_t = 30,
        value_name = "SECONDS",
        allow_negative_numbers = true
    )]
    pub timeout: u64,
    /// Attempts in all: throttling, server errors, connection failures and timeouts are
    /// retried with backoff (honouring the service's wait); 1 turns retries off.
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub max_attempts: u32,
    /// A PEM file of CA certificates to trust for an https endpoint, instead of the Mozilla
    /// roots built in (e.g. a corporate proxy's CA, or a local test server's certificate).
    /// Without it, the file `SSL_CERT_FILE` names, if set.
    #[arg(long, value_name = "FILE")]
    pub ca_bundle: Option<PathBuf>,
    /// For an operation with `NextToken`: follow it to the last page and print the pages as
    /// a JSON array.
    #[arg(long)]
    pub all_pages: bool,
}

/// `sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The action, e.g. SetMFAAuthenticationStatus.
    #[arg(value_name = "ACTION")]
    pub action: String,
    /// Where and how.
    #[command(flatten)]
    pub target: Target,
    /// The V3 algorithm (implies --signature-version v3).
    #[arg(long, value_enum, value_name = "ALGORITHM")]
    pub signature_algorithm: Option<AlgorithmArg>,
    /// A fixed signing time, RFC 3339 (e.g. 2023-10-26T10:22:32Z); default now.
    #[arg(long, value_name = "RFC3339")]
    pub timestamp: Option<String>,
    /// A fixed signature nonce; default random.
    #[arg(long, value_name = "STRING")]
    pub nonce: Option<String>,
    /// How to print the signed request.
    #[arg(long, value_enum, default_value = "http", ignore_case = true)]
    pub output: OutputArg,
    /// The HTTP method (default: the operation's, POST).
    #[arg(long, value_enum, ignore_case = true)]
    pub method: Option<MethodArg>,
    /// The API version, for actions outside the CloudSSO model.
    #[arg(long, value_name = "VERSION")]
    pub api_version: Option<String>,
    /// Also print the canonical request and the string to sign on stderr.
    #[arg(long)]
    pub steps: bool,
}

/// `decode`.
#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The action whose response it is.
    #[arg(value_name = "ACTION")]
    pub action: String,
    /// The body's format (default: sniffed from the body).
    #[arg(long, value_enum, ignore_case = true)]
    pub format: Option<FormatArg>,
    /// The HTTP status it came with (default: 200, or 400 for an error envelope).
    #[arg(long, value_name = "CODE", value_parser = clap::value_parser!(u16).range(100..=599))]
    pub status: Option<u16>,
}

/// How `schema` prints the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "lower")]
pub enum SchemaOutputArg {
    /// JSON: the description, the wire reference (`wire`) and the JSON Schemas.
    Json,
    /// One line per parameter and response field, by wire name.
    Text,
}

/// `schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// One operation's schema; all of them when absent.
    #[arg(value_name = "ACTION")]
    pub action: Option<String>,
    /// How to print it.
    #[arg(long, value_enum, default_value = "json", ignore_case = true)]
    pub output: SchemaOutputArg,
}

/// `serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// An access key requests may be signed with, ID:SECRET or ID:SECRET:ACCOUNT
    /// (repeatable); the key sees and changes only its account's state (16 digits, default
    /// 1234567890123456). Default testid:testsecret, which is refused beyond loopback.
    #[arg(long = "access-key", value_name = "ID:SECRET[:ACCOUNT]")]
    pub access_keys: Vec<String>,
    /// A directory each account of a key holds (repeatable; default d-00fc2p61**** in an
    /// account that holds nothing yet).
    #[arg(long = "directory", value_name = "ID")]
    pub directories: Vec<String>,
    /// An account of the resource directory (repeatable); default: every 16-digit ID.
    #[arg(long = "member-account", value_name = "ACCOUNT")]
    pub member_accounts: Vec<String>,
    /// Keep the state in the SQLite database FILE (each change committed before it is
    /// acknowledged). A JSON state file of earlier versions is imported once into
    /// FILE.sqlite3 and left as it is.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// A seed document (the JSON `GET /_emulator/state` answers), loaded into a state that
    /// holds nothing yet and again by each reset.
    #[arg(long, value_name = "FILE")]
    pub seed: Option<PathBuf>,
    /// Calls per second per account per operation; 0 turns this limit off.
    #[arg(
        long,
        default_value_t = 100,
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub rate_limit: u32,
    /// Calls per second per operation across all accounts (Throttling.Api); 0 turns this
    /// limit off.
    #[arg(
        long,
        default_value_t = 100,
        value_name = "N",
        allow_negative_numbers = true
    )]
    pub global_rate_limit: u32,
    /// When tasks finish: immediate, reads:N (N status reads in progress) or seconds:S.
    #[arg(long, default_value = "reads:1", value_name = "WHEN")]
    pub task_transition: cloudsso_emulator::TaskTransition,
    /// A RAM role STS may assume (repeatable): ARN, trusting its own account, or
    /// ARN=TRUSTED,... trusting only those listed (16-digit accounts, access key IDs, OIDC
    /// provider ARNs). Without any, every role of the caller's own account may be assumed;
    /// with some, only those exist.
    #[arg(long = "role", value_name = "ARN[=TRUSTED,...]")]
    pub roles: Vec<cloudsso_emulator::RamRole>,
    /// An OIDC provider whose RS256 ID tokens AssumeRoleWithOIDC accepts (repeatable):
    /// ARN,issuer=URL,client-id=ID[,client-id=ID...],keys=FILE, FILE a PEM public key or
    /// certificate, or a JWKS document.
    #[arg(
        long = "oidc-provider",
        value_name = "ARN,issuer=URL,client-id=ID,keys=FILE"
    )]
    pub oidc_providers: Vec<String>,
    /// The most directories CreateDirectory lets an account hold (at most 1000). Default 1:
    /// the service allows one directory per management account.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=1000))]
    pub directory_quota: Option<u64>,
    /// The most users of a directory (UserQuota of GetDirectoryStatistics, enforced by
    /// CreateUser). Default 1000.
    #[arg(long, value_name = "N")]
    pub user_quota: Option<u64>,
    /// The most groups of a directory (GroupQuota, enforced by CreateGroup). Default 500.
    #[arg(long, value_name = "N")]
    pub group_quota: Option<u64>,
    /// The most access configurations of a directory (AccessConfigurationQuota, enforced by
    /// CreateAccessConfiguration). Default 1000.
    #[arg(long, value_name = "N")]
    pub access_configuration_quota: Option<u64>,
    /// The most System policies of an access configuration
    /// (SystemPolicyPerAccessConfigurationQuota). Default 20.
    #[arg(long, value_name = "N")]
    pub system_policy_quota: Option<u64>,
    /// The most Inline policies of an access configuration
    /// (InlinePolicyPerAccessConfigurationQuota). Default 1.
    #[arg(long, value_name = "N")]
    pub inline_policy_quota: Option<u64>,
}

/// `credentials`.
#[derive(Debug, Args)]
pub struct CredentialsArgs {
    /// The profile of ~/.aliyun/config.json to take credentials from (any mode).
    #[arg(long)]
    pub profile: Option<String>,
}

/// `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Print only the check lines and the summary.
    #[arg(long)]
    pub quiet: bool,
}
