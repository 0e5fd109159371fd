//! The machine-readable description of an API operation, and the traits that tie a
//! description to its Rust request and response types.
//!
//! A service model declares each operation once, as a `static` [`OperationDescription`] and
//! an implementation of [`Operation`]. Everything built on the model reads the description:
//! the codec places each parameter where it says, the server side checks what it requires,
//! the CLI and the schema reference list it. Adding an operation is a change to the model
//! alone.

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The HTTP method an operation is sent with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
}

impl HttpMethod {
    /// The method's name: `GET` or `POST`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The API style: where the action and the parameters travel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum Style {
    /// RPC: path `/`, the action named by the `Action` parameter or `x-acs-action` header.
    Rpc,
}

/// Where a request parameter travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Location {
    /// In the query string.
    Query,
    /// In an `application/x-www-form-urlencoded` body.
    Body,
}

impl Location {
    /// `query` or `body`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Query => "query",
            Self::Body => "body",
        }
    }
}

/// The type of a parameter's or a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", content = "of", rename_all = "lowercase")]
#[non_exhaustive]
pub enum ValueKind {
    /// Text.
    String,
    /// A whole number.
    Integer,
    /// `true` or `false`.
    Boolean,
    /// A list of values of one kind; on the wire `Name.1`, `Name.2`, ... or repeated elements.
    #[serde(rename = "array")]
    List(&'static ValueKind),
    /// A nested object with the given fields.
    Object(&'static [FieldDescription]),
}

impl ValueKind {
    /// The type's name in the schema reference: `string`, `integer`, `boolean`, `array`, `object`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Boolean => "boolean",
            Self::List(_) => "array",
            Self::Object(_) => "object",
        }
    }
}

/// How a parameter whose value is a list or an object travels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ParameterStyle {
    /// Flattened into one parameter per scalar: `Name.1`, `Name.2`, `Name.1.Key`. Scalars
    /// travel as themselves. The default.
    #[default]
    Flat,
    /// The whole value as one parameter whose value is its JSON text, e.g.
    /// `AllowedVerificationTypes=["TOTP","WebAuthn"]` (the official SDKs' `*Shrink` fields).
    Json,
}

impl ParameterStyle {
    /// `flat` or `json`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Flat => "flat",
            Self::Json => "json",
        }
    }

    /// Whether this is [`ParameterStyle::Flat`], the default.
    pub const fn is_flat(&self) -> bool {
        matches!(self, Self::Flat)
    }
}

/// The limits a public source states for a value; `None` where it states none.
///
/// They are what the documentation says, for tools and the schema reference; the service
/// decides, so the model does not reject values outside them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Limits {
    /// The fewest characters of a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// The most characters of a string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// The smallest value of an integer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// The largest value of an integer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// The most items of a list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
}

impl Limits {
    /// No stated limit.
    pub const NONE: Self = Self {
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        max_items: None,
    };

    /// No stated limit; add some with the other methods.
    pub const fn new() -> Self {
        Self::NONE
    }

    /// Whether no limit is stated.
    pub const fn is_none(&self) -> bool {
        self.min_length.is_none()
            && self.max_length.is_none()
            && self.minimum.is_none()
            && self.maximum.is_none()
            && self.max_items.is_none()
    }

    /// The same limits with the fewest characters of a string.
    pub const fn min_length(mut self, value: u64) -> Self {
        self.min_length = Some(value);
        self
    }

    /// The same limits with the most characters of a string.
    pub const fn max_length(mut self, value: u64) -> Self {
        self.max_length = Some(value);
        self
    }

    /// The same limits with the smallest value of an integer.
    pub const fn minimum(mut self, value: i64) -> Self {
        self.minimum = Some(value);
        self
    }

    /// The same limits with the largest value of an integer.
    pub const fn maximum(mut self, value: i64) -> Self {
        self.maximum = Some(value);
        self
    }

    /// The same limits with the most items of a list.
    pub const fn max_items(mut self, value: u64) -> Self {
        self.max_items = Some(value);
        self
    }
}

/// An example value of a parameter or a field, as a public source gives it (the official Go
/// SDK's `example:` comments), typed as the value is: `"d-00fc2p61****"`, `3600`, `true`.
///
/// Documentation only: examples are often masked (`****`) and are never sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Example {
    /// A string example.
    String(&'static str),
    /// An integer example.
    Integer(i64),
    /// A boolean example.
    Boolean(bool),
}

impl fmt::Display for Example {
    /// The value as it is given on the command line (a string without quotes).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::String(text) => f.write_str(text),
            Self::Integer(value) => write!(f, "{value}"),
            Self::Boolean(value) => write!(f, "{value}"),
        }
    }
}

/// A field of a response, or of a nested object in a request or a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct FieldDescription {
    /// The name on the wire, exactly as the service spells it.
    pub wire_name: &'static str,
    /// The value's type.
    pub kind: ValueKind,
    /// The values the service documents, empty where any value of the type goes. The model's
    /// enums are open: a value outside this list is kept, not rejected.
    pub allowed_values: &'static [&'static str],
    /// What the field means, from the documentation.
    pub description: &'static str,
    /// The limits the documentation states (not serialized when there are none).
    #[serde(skip_serializing_if = "Limits::is_none")]
    pub limits: Limits,
    /// Example values (not serialized when there are none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub examples: &'static [Example],
}

impl FieldDescription {
    /// A field with no documented value list.
    pub const fn new(wire_name: &'static str, kind: ValueKind, description: &'static str) -> Self {
        Self {
            wire_name,
            kind,
            allowed_values: &[],
            description,
            limits: Limits::NONE,
            examples: &[],
        }
    }

    /// The same field with example values.
    pub const fn examples(mut self, examples: &'static [Example]) -> Self {
        self.examples = examples;
        self
    }

    /// The same field with the limits the documentation states.
    pub const fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The same field with its documented values.
    pub const fn allowed_values(mut self, values: &'static [&'static str]) -> Self {
        self.allowed_values = values;
        self
    }
}

/// A request parameter of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct ParameterDescription {
    /// The name on the wire, exactly as the service spells it.
    pub wire_name: &'static str,
    /// Where it travels.
    pub location: Location,
    /// The value's type.
    pub kind: ValueKind,
    /// Whether the service rejects a request without it (`Missing{Name}`).
    pub required: bool,
    /// The values the service documents, empty where any value of the type goes.
    pub allowed_values: &'static [&'static str],
    /// What the parameter means, from the documentation.
    pub description: &'static str,
    /// How a list or object value travels: flattened (the default, not serialized) or as
    /// JSON text.
    #[serde(skip_serializing_if = "ParameterStyle::is_flat")]
    pub style: ParameterStyle,
    /// The limits the documentation states (not serialized when there are none).
    #[serde(skip_serializing_if = "Limits::is_none")]
    pub limits: Limits,
    /// Example values (not serialized when there are none).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub examples: &'static [Example],
}

impl ParameterDescription {
    /// An optional parameter with no documented value list.
    pub const fn new(
        wire_name: &'static str,
        location: Location,
        kind: ValueKind,
        description: &'static str,
    ) -> Self {
        Self {
            wire_name,
            location,
            kind,
            required: false,
            allowed_values: &[],
            description,
            style: ParameterStyle::Flat,
            limits: Limits::NONE,
            examples: &[],
        }
    }

    /// The same parameter with example values.
    pub const fn examples(mut self, examples: &'static [Example]) -> Self {
        self.examples = examples;
        self
    }

    /// The same parameter, required.
    pub const fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// The same parameter with its documented values.
    pub const fn allowed_values(mut self, values: &'static [&'static str]) -> Self {
        self.allowed_values = values;
        self
    }

    /// The same parameter, travelling in the given style.
    pub const fn style(mut self, style: ParameterStyle) -> Self {
        self.style = style;
        self
    }

    /// The same parameter, sent as one parameter holding its value's JSON text.
    pub const fn json(self) -> Self {
        self.style(ParameterStyle::Json)
    }

    /// The same parameter with the limits the documentation states.
    pub const fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// How a request of an operation is authenticated, as the official SDKs' `auth_type` says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Auth {
    /// Signed with the caller's access key (every CloudSSO operation).
    #[default]
    AccessKey,
    /// Sent with neither signature nor access key ID: STS `AssumeRoleWithOIDC`, whose OIDC
    /// token is the proof of identity.
    Anonymous,
}

impl Auth {
    /// Whether this is [`Auth::AccessKey`], the default (which descriptions do not show).
    pub const fn is_access_key(&self) -> bool {
        matches!(self, Self::AccessKey)
    }
}

/// Everything the wire needs to know about one operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct OperationDescription {
    /// The action, e.g. `SetMFAAuthenticationStatus`.
    pub action: &'static str,
    /// The API version, e.g. `2021-05-15`.
    pub version: &'static str,
    /// The product's code in endpoints, e.g. `cloudsso`.
    pub product: &'static str,
    /// The method the official SDKs send it with.
    pub method: HttpMethod,
    /// The API style.
    pub style: Style,
    /// The operation's own parameters (the common ones are the signer's and the codec's).
    pub parameters: &'static [ParameterDescription],
    /// The fields of the success response, `RequestId` included.
    pub response_fields: &'static [FieldDescription],
    /// What the operation does, from the documentation.
    pub summary: &'static str,
    /// How its requests are authenticated (omitted from the serde form when by access key).
    #[serde(skip_serializing_if = "Auth::is_access_key")]
    pub auth: Auth,
}

impl OperationDescription {
    /// An RPC operation sent with `POST`, as the official SDKs send every RPC operation.
    pub const fn rpc(
        product: &'static str,
        version: &'static str,
        action: &'static str,
        summary: &'static str,
    ) -> Self {
        Self {
            action,
            version,
            product,
            method: HttpMethod::Post,
            style: Style::Rpc,
            parameters: &[],
            response_fields: &[],
            summary,
            auth: Auth::AccessKey,
        }
    }

    /// The same operation, sent without signature or access key ID ([`Auth::Anonymous`]).
    pub const fn anonymous(mut self) -> Self {
        self.auth = Auth::Anonymous;
        self
    }

    /// The same operation, sent with another method.
    pub const fn method(mut self, method: HttpMethod) -> Self {
        self.method = method;
        self
    }

    /// The same operation with its parameters.
    pub const fn parameters(mut self, parameters: &'static [ParameterDescription]) -> Self {
        self.parameters = parameters;
        self
    }

    /// The same operation with its response fields.
    pub const fn response_fields(mut self, fields: &'static [FieldDescription]) -> Self {
        self.response_fields = fields;
        self
    }

    /// The parameter with this wire name, if the operation has one.
    pub fn parameter(&self, wire_name: &str) -> Option<&'static ParameterDescription> {
        self.parameters.iter().find(|p| p.wire_name == wire_name)
    }
}

/// An operation of an API: its description and its request and response types.
///
/// Implemented by a marker type per operation in a service model; code generic over
/// `O: Operation` serves every operation of every service.
pub trait Operation: Send + Sync + 'static {
    /// The typed request.
    type Request: OperationRequest<Operation = Self>;
    /// The typed success response; its serde form is the response body by wire name.
    type Response: Serialize
        + DeserializeOwned
        + JsonSchema
        + Clone
        + fmt::Debug
        + PartialEq
        + Send
        + Sync
        + 'static;
    /// The operation's description.
    const DESCRIPTION: &'static OperationDescription;
}

/// A typed request, which knows its operation; lets `encode(&request)` infer the operation.
///
/// Its serde form is the request's parameters by wire name, absent optional ones omitted.
pub trait OperationRequest:
    Serialize + DeserializeOwned + JsonSchema + Clone + fmt::Debug + PartialEq + Send + Sync + 'static
{
    /// The operation the request belongs to.
    type Operation: Operation<Request = Self>;
}

/// A list operation read page by page, by Alibaba Cloud's `NextToken` convention: each
/// request after the first carries the `NextToken` of the response before it.
///
/// Implemented only by the operations that page, so generic code bounded by it (a
/// paginator) refuses any other operation at compile time, and reads and writes the token
/// through the typed request and response.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a paginated operation",
    label = "its request and response have no `NextToken`"
)]
pub trait Paginated: Operation {
    /// What the response's list holds (`ListUsersUser` for `ListUsers`).
    type Item: Clone + fmt::Debug + Send + Sync + 'static;

    /// The request's `NextToken`; `None` for a first page.
    fn request_token(request: &Self::Request) -> Option<&str>;

    /// Sets the request's `NextToken`, making it the request of the page `token` names.
    fn set_request_token(request: &mut Self::Request, token: String);

    /// Sets the request's `MaxResults`: how many items each page holds at most.
    fn set_page_size(request: &mut Self::Request, size: i64);

    /// The response's `NextToken`: the next page's, absent (or empty) after the last page.
    fn response_token(response: &Self::Response) -> Option<&str>;

    /// The response's `IsTruncated`; `None` when absent, or when the operation's response
    /// has no such field.
    fn is_truncated(response: &Self::Response) -> Option<bool>;

    /// The items of a page (its one list; empty when absent).
    fn items(response: Self::Response) -> Vec<Self::Item>;
}

/// Code to run with an operation chosen at run time, e.g. by an action name from a command
/// line or a request.
///
/// A model's `visit_operation(action, visitor)` calls [`OperationVisitor::visit`] with the
/// operation's type, so generic code serves actions that are only known as strings.
pub trait OperationVisitor {
    /// What the visit yields.
    type Output;

    /// Runs with the operation `O`.
    fn visit<O: Operation>(self) -> Self::Output;
}

/// A product's API: its version and its operations by action, which is all that generic
/// code (a server's dispatch, a router between products) needs to pick an operation that is
/// known only as a string.
///
/// Implemented by one marker type per product model (`cloudsso_model::CloudSso`), so the
/// codec and the runtime stay product-agnostic and take the product as a type parameter.
pub trait Api: Send + Sync + 'static {
    /// The product code in endpoints (`cloudsso` in `cloudsso.cn-shanghai.aliyuncs.com`).
    const PRODUCT: &'static str;
    /// The API version (`2021-05-15`), as `x-acs-version` and `Version` carry it.
    const VERSION: &'static str;

    /// Calls `visitor` with the operation whose action is `action` (case-sensitive, as on
    /// the wire), or returns `None` for an action this API does not have.
    fn visit_operation<V: OperationVisitor>(action: &str, visitor: V) -> Option<V::Output>;
}

/// [`OperationVisitor`] for the [`Paginated`] operations: a model's
/// `visit_paginated_operation(action, visitor)` calls it only with an operation that pages.
pub trait PaginatedVisitor {
    /// What the visit yields.
    type Output;

    /// Runs with the paginated operation `O`.
    fn visit<O: Paginated>(self) -> Self::Output;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_flat_and_unlimited() {
        let plain = ParameterDescription::new("Name", Location::Query, ValueKind::String, "d");
        assert!(plain.style.is_flat() && plain.limits.is_none());
        let field = FieldDescription::new("Name", ValueKind::Integer, "d");
        assert!(field.limits.is_none());
        assert_eq!(Limits::new(), Limits::default());
    }

    #[test]
    fn style_and_limits_are_described_when_set() {
        static ITEMS: ValueKind = ValueKind::String;
        const PARAMETER: ParameterDescription =
            ParameterDescription::new("Types", Location::Query, ValueKind::List(&ITEMS), "d")
                .json()
                .limits(Limits::new().max_items(5).max_length(32));
        assert_eq!(PARAMETER.style, ParameterStyle::Json);
        assert_eq!(PARAMETER.style.as_str(), "json");
        assert_eq!(PARAMETER.limits.max_items, Some(5));
        assert_eq!(PARAMETER.limits.max_length, Some(32));
        assert!(!PARAMETER.limits.is_none());
        let limits = Limits::new().minimum(1).maximum(100).min_length(2);
        assert_eq!(
            (limits.minimum, limits.maximum, limits.min_length),
            (Some(1), Some(100), Some(2))
        );
        let get = OperationDescription::rpc("p", "v", "A", "s").method(HttpMethod::Get);
        assert_eq!(get.method.as_str(), "GET");
    }
}
