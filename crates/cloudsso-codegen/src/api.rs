//! The API description (`api/cloudsso-2021-05-15.json`, format in `api/README.md`) as Rust
//! types, and its validation.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::names;

/// The format version this crate reads.
pub const FORMAT_VERSION: u32 = 2;

/// The whole description.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiDescription {
    /// The version of this file's format.
    pub format_version: u32,
    /// The product code, `cloudsso`.
    pub product: String,
    /// The API version, `2021-05-15`.
    pub api_version: String,
    /// Where the facts come from.
    pub source: Source,
    /// Every operation, in the API's order.
    pub operations: Vec<Operation>,
    /// The nested objects, by name.
    pub types: Vec<TypeDef>,
    /// The open enums, by name.
    pub enums: Vec<EnumDef>,
}

/// Where the facts come from.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The PyPI package read by the import tool.
    pub package: String,
    /// Its pinned version.
    pub package_version: String,
    /// The overrides file merged over it.
    pub overrides: String,
    /// The official Go SDK the summaries and examples come from (`go_sdk` in a fact's
    /// `*_from`).
    #[serde(default)]
    pub go_sdk: Option<GoSdkSource>,
    /// Where the required parameters' evidence is transcribed from (`required_by`).
    #[serde(default)]
    pub required_evidence: Option<String>,
}

/// The official Go SDK's source the facts were extracted from.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoSdkSource {
    /// The repository, e.g. `github.com/alibabacloud-go/cloudsso-20210515`.
    pub repository: String,
    /// The Go module path.
    #[serde(default)]
    pub module: Option<String>,
    /// The commit read (40 hex digits).
    pub commit: String,
    /// The commit's date.
    #[serde(default)]
    pub commit_date: Option<String>,
    /// The tags on that commit.
    #[serde(default)]
    pub tags: Vec<String>,
    /// The version the SDK's ChangeLog names.
    #[serde(default)]
    pub changelog_version: Option<String>,
    /// The files read.
    #[serde(default)]
    pub files: Vec<String>,
    /// The tool that extracted the facts.
    #[serde(default)]
    pub extracted_by: Option<String>,
    /// The facts file, relative to the workspace root.
    pub facts: String,
}

/// Where an operation's summary or description, or a member's examples, come from.
pub const FACT_SOURCES: &[&str] = &["go_sdk", "documentation"];

/// The evidence a parameter's `required_by` may name (service.md §7: ✓, R, T).
pub const REQUIRED_EVIDENCE: &[&str] = &["api_page", "ros", "terraform"];

/// One operation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// The action, e.g. `SetMFAAuthenticationStatus`.
    pub action: String,
    /// `POST` or `GET`.
    pub method: String,
    /// `RPC`.
    pub style: String,
    /// What it does; empty where no source says.
    pub summary: String,
    /// The sources of the summary (`go_sdk`, `documentation`); empty with no summary.
    #[serde(default)]
    pub summary_from: Vec<String>,
    /// More about it (Markdown), where a source says more than the summary.
    #[serde(default)]
    pub description: Option<String>,
    /// The source of the description.
    #[serde(default)]
    pub description_from: Option<String>,
    /// The documentation page the overrides cite, if any.
    #[serde(default)]
    pub documentation: Option<String>,
    /// How requests are authenticated: absent (by access key) or `anonymous`.
    #[serde(default)]
    pub auth: Option<String>,
    /// The request parameters.
    pub parameters: Vec<Member>,
    /// The fields of the success response body.
    pub response: Vec<Member>,
}

impl Operation {
    /// Whether the operation pages: its request has a `NextToken` parameter and its response
    /// a `NextToken` field (the rule of the codec's `is_paginated`, which reads it from the
    /// generated descriptions).
    pub fn is_paginated(&self) -> bool {
        self.parameter("NextToken").is_some() && self.response_field("NextToken").is_some()
    }

    /// The list a paginated operation's pages hold: its response's one array field (`None`
    /// when it has none or several).
    pub fn page_items(&self) -> Option<&Member> {
        let mut lists = self.response.iter().filter(|m| m.kind == Kind::Array);
        match (lists.next(), lists.next()) {
            (Some(list), None) => Some(list),
            _ => None,
        }
    }

    /// The request parameter with this wire name.
    pub fn parameter(&self, wire_name: &str) -> Option<&Member> {
        self.parameters.iter().find(|m| m.wire_name == wire_name)
    }

    /// The response field with this wire name.
    pub fn response_field(&self, wire_name: &str) -> Option<&Member> {
        self.response.iter().find(|m| m.wire_name == wire_name)
    }
}

/// The scalar and compound types of the description.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Text.
    String,
    /// A whole number (64 bits in the model).
    Integer,
    /// `true` or `false`.
    Boolean,
    /// A list of `items`.
    Array,
    /// A nested object, the type named by `ref`.
    Object,
}

/// A type expression: a kind and, for arrays, objects and enums, what it refers to.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeExpr {
    /// The kind.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// For arrays: the items' type.
    #[serde(default)]
    pub items: Option<Box<TypeExpr>>,
    /// For objects: the type's name.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// For strings with documented values: the enum's name.
    #[serde(default, rename = "enum")]
    pub enumeration: Option<String>,
}

/// A request parameter or a field of a response or nested object.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// The name on the wire.
    pub wire_name: String,
    /// The kind.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// For arrays: the items' type.
    #[serde(default)]
    pub items: Option<Box<TypeExpr>>,
    /// For objects: the type's name.
    #[serde(default, rename = "ref")]
    pub reference: Option<String>,
    /// For strings with documented values: the enum's name.
    #[serde(default, rename = "enum")]
    pub enumeration: Option<String>,
    /// Parameters only: `query` or `body`.
    #[serde(default)]
    pub location: Option<String>,
    /// Parameters only: `flat` or `json`.
    #[serde(default)]
    pub style: Option<String>,
    /// Parameters only: whether a public source states it is required.
    #[serde(default)]
    pub required: Option<bool>,
    /// Parameters only: the evidence that it is required (`api_page`, `ros`, `terraform`);
    /// present exactly when `required` is true.
    #[serde(default)]
    pub required_by: Vec<String>,
    /// What it means.
    pub description: String,
    /// The Rust doc comment, where it says more than `description`.
    #[serde(default)]
    pub doc: Option<String>,
    /// Example values, typed as the member is (JSON strings, integers, booleans).
    #[serde(default)]
    pub examples: Vec<serde_json::Value>,
    /// The source of the examples (`go_sdk`).
    #[serde(default)]
    pub examples_from: Option<String>,
    /// Documented limits.
    #[serde(default)]
    pub limits: Option<Limits>,
    /// The SDK's attribute name (provenance only).
    #[serde(default)]
    pub sdk_name: Option<String>,
    /// Whether the value is a secret (a key secret, a security or OIDC token): the model
    /// keeps it as `acs_protocol::Secret`, which `Debug` never shows.
    #[serde(default)]
    pub sensitive: bool,
}

impl Member {
    /// The member's type expression.
    pub fn type_expr(&self) -> TypeExpr {
        TypeExpr {
            kind: self.kind,
            items: self.items.clone(),
            reference: self.reference.clone(),
            enumeration: self.enumeration.clone(),
        }
    }

    /// The enum of the member's value or of its items, if any.
    pub fn enum_name(&self) -> Option<&str> {
        match (&self.enumeration, &self.items) {
            (Some(name), _) => Some(name),
            (None, Some(items)) => items.enumeration.as_deref(),
            _ => None,
        }
    }
}

/// Documented limits.
#[derive(Clone, Copy, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Fewest characters.
    #[serde(default)]
    pub min_length: Option<u64>,
    /// Most characters.
    #[serde(default)]
    pub max_length: Option<u64>,
    /// Smallest integer.
    #[serde(default)]
    pub minimum: Option<i64>,
    /// Largest integer.
    #[serde(default)]
    pub maximum: Option<i64>,
    /// Most items.
    #[serde(default)]
    pub max_items: Option<u64>,
}

/// A nested object type.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// The Rust name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The Rust doc comment, where it says more than `description`.
    #[serde(default)]
    pub doc: Option<String>,
    /// The SDK classes of this shape (provenance only).
    pub sdk_classes: Vec<String>,
    /// Its fields.
    pub fields: Vec<Member>,
}

/// An open enum.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumDef {
    /// The Rust name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The documented values.
    pub values: Vec<EnumValue>,
}

/// A documented value of an enum.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValue {
    /// As on the wire.
    pub value: String,
    /// The Rust variant's name.
    pub rust_name: String,
    /// What it means.
    pub description: String,
}

/// What is wrong with a description: where, and what.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {problem}")]
pub struct Invalid {
    /// Where, e.g. `operation CreateUser, parameter Tags`.
    pub place: String,
    /// What, e.g. `an array without items`.
    pub problem: String,
}

fn invalid(place: impl Into<String>, problem: impl Into<String>) -> Invalid {
    Invalid {
        place: place.into(),
        problem: problem.into(),
    }
}

/// Names the model defines by hand, which a generated type must not take.
pub const RESERVED_NAMES: &[&str] = &[
    "BuildError",
    "InvalidValue",
    "UnknownValue",
    "DirectoryId",
    "RequestId",
    "OperationDescription",
];

impl ApiDescription {
    /// Parses the JSON text.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The type named `name`.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// The enum named `name`.
    pub fn enum_def(&self, name: &str) -> Option<&EnumDef> {
        self.enums.iter().find(|e| e.name == name)
    }

    /// Every problem in the description; empty when it is valid.
    pub fn problems(&self) -> Vec<Invalid> {
        let mut out = Vec::new();
        if self.format_version != FORMAT_VERSION {
            out.push(invalid(
                "format_version",
                format!(
                    "{} (this reader knows {FORMAT_VERSION})",
                    self.format_version
                ),
            ));
        }
        let mut rust_names: BTreeMap<String, String> = BTreeMap::new();
        let mut claim = |name: String, owner: String, out: &mut Vec<Invalid>| {
            if let Some(previous) = rust_names.insert(name.clone(), owner.clone()) {
                out.push(invalid(
                    owner,
                    format!("Rust name {name} is also {previous}"),
                ));
            }
        };
        for name in RESERVED_NAMES {
            claim((*name).to_owned(), "hand-written".to_owned(), &mut out);
        }
        let mut actions = BTreeSet::new();
        for op in &self.operations {
            let place = format!("operation {}", op.action);
            if !actions.insert(op.action.as_str()) {
                out.push(invalid(&place, "listed twice"));
            }
            if !names::is_wire_name(&op.action) {
                out.push(invalid(&place, "action is not a wire name"));
            }
            if !matches!(op.method.as_str(), "POST" | "GET") {
                out.push(invalid(
                    &place,
                    format!("method {} (POST or GET)", op.method),
                ));
            }
            if !matches!(op.auth.as_deref(), None | Some("anonymous")) {
                out.push(invalid(
                    &place,
                    format!("auth {:?} (absent or anonymous)", op.auth),
                ));
            }
            if op.style != "RPC" {
                out.push(invalid(&place, format!("style {} (RPC)", op.style)));
            }
            let rust = names::pascal(&op.action);
            if names::is_unusable(&rust) {
                out.push(invalid(&place, format!("Rust name {rust} is a keyword")));
            }
            for suffix in [
                "",
                "Request",
                "RequestBuilder",
                "Response",
                "ResponseBuilder",
            ] {
                claim(format!("{rust}{suffix}"), place.clone(), &mut out);
            }
            self.check_operation_facts(&place, op, &mut out);
            self.check_members(&place, "parameter", &op.parameters, true, &mut out);
            self.check_members(&place, "response field", &op.response, false, &mut out);
            check_pagination(&place, op, &mut out);
        }
        for t in &self.types {
            let place = format!("type {}", t.name);
            claim(t.name.clone(), place.clone(), &mut out);
            claim(format!("{}Builder", t.name), place.clone(), &mut out);
            if !names::is_rust_type_name(&t.name) || names::is_unusable(&t.name) {
                out.push(invalid(&place, "name is not a Rust type name"));
            }
            if t.fields.is_empty() {
                out.push(invalid(&place, "no fields"));
            }
            self.check_members(&place, "field", &t.fields, false, &mut out);
        }
        for e in &self.enums {
            let place = format!("enum {}", e.name);
            claim(e.name.clone(), place.clone(), &mut out);
            if !names::is_rust_type_name(&e.name) || names::is_unusable(&e.name) {
                out.push(invalid(&place, "name is not a Rust type name"));
            }
            if e.values.is_empty() {
                out.push(invalid(&place, "no values"));
            }
            let mut values = BTreeSet::new();
            let mut variants = BTreeSet::new();
            for v in &e.values {
                if !values.insert(v.value.as_str()) {
                    out.push(invalid(&place, format!("value {} listed twice", v.value)));
                }
                if !variants.insert(v.rust_name.as_str()) || v.rust_name == "Unknown" {
                    out.push(invalid(&place, format!("variant {} taken", v.rust_name)));
                }
                if !names::is_rust_type_name(&v.rust_name) || names::is_unusable(&v.rust_name) {
                    out.push(invalid(
                        &place,
                        format!("variant {} is not a Rust name", v.rust_name),
                    ));
                }
            }
        }
        self.check_cycles(&mut out);
        out
    }

    fn check_members(
        &self,
        place: &str,
        what: &str,
        members: &[Member],
        parameters: bool,
        out: &mut Vec<Invalid>,
    ) {
        let mut wire = BTreeSet::new();
        let mut rust = BTreeSet::new();
        for m in members {
            let here = format!("{place}, {what} {}", m.wire_name);
            if !names::is_wire_name(&m.wire_name) {
                out.push(invalid(&here, "not a wire name"));
            }
            if !wire.insert(m.wire_name.as_str()) {
                out.push(invalid(&here, "listed twice"));
            }
            let field = names::snake(&m.wire_name);
            if names::is_unusable(&field) {
                out.push(invalid(
                    &here,
                    format!("its Rust field name {field} is a keyword"),
                ));
            }
            if matches!(field.as_str(), "build" | "builder" | "inner") || !rust.insert(field) {
                out.push(invalid(&here, "its Rust field name is taken"));
            }
            if parameters {
                match m.location.as_deref() {
                    Some("query" | "body") => {}
                    other => out.push(invalid(
                        &here,
                        format!("location {other:?} (query or body)"),
                    )),
                }
                match m.style.as_deref() {
                    Some("flat" | "json") => {}
                    other => out.push(invalid(&here, format!("style {other:?} (flat or json)"))),
                }
                if m.required.is_none() {
                    out.push(invalid(&here, "required is not stated"));
                }
                check_required_evidence(&here, m, out);
            } else if m.location.is_some()
                || m.style.is_some()
                || m.required.is_some()
                || !m.required_by.is_empty()
            {
                out.push(invalid(
                    &here,
                    "location, style, required and required_by are for parameters",
                ));
            }
            self.check_examples(&here, m, out);
            if m.sensitive && (m.kind != Kind::String || m.enumeration.is_some()) {
                out.push(invalid(&here, "only a plain string can be sensitive"));
            }
            self.check_type(&here, &m.type_expr(), out);
        }
    }

    /// A summary has its sources and they are known; a description has its source.
    fn check_operation_facts(&self, place: &str, op: &Operation, out: &mut Vec<Invalid>) {
        if op.summary.trim().is_empty() != op.summary_from.is_empty() {
            out.push(invalid(
                place,
                "summary_from is given exactly when there is a summary",
            ));
        }
        for from in &op.summary_from {
            self.check_fact_source(place, "summary_from", from, out);
        }
        match (&op.description, &op.description_from) {
            (Some(_), Some(from)) => self.check_fact_source(place, "description_from", from, out),
            (None, None) => {}
            _ => out.push(invalid(
                place,
                "description_from is given exactly when there is a description",
            )),
        }
    }

    fn check_fact_source(&self, place: &str, key: &str, from: &str, out: &mut Vec<Invalid>) {
        if !FACT_SOURCES.contains(&from) {
            out.push(invalid(
                place,
                format!("{key} {from} (one of {})", FACT_SOURCES.join(", ")),
            ));
        }
        if from == "go_sdk" && self.source.go_sdk.is_none() {
            out.push(invalid(
                place,
                format!("{key} go_sdk without source.go_sdk"),
            ));
        }
    }

    /// Examples have their source and the member's type: strings for a string, integers
    /// for an integer, booleans for a boolean, none for a list or an object.
    fn check_examples(&self, place: &str, m: &Member, out: &mut Vec<Invalid>) {
        match &m.examples_from {
            Some(from) if !m.examples.is_empty() => {
                self.check_fact_source(place, "examples_from", from, out)
            }
            None if m.examples.is_empty() => {}
            _ => out.push(invalid(
                place,
                "examples_from is given exactly when there are examples",
            )),
        }
        for example in &m.examples {
            let fits = match m.kind {
                Kind::String => example.is_string(),
                Kind::Integer => example.is_i64(),
                Kind::Boolean => example.is_boolean(),
                Kind::Array | Kind::Object => false,
            };
            if !fits {
                out.push(invalid(
                    place,
                    format!("example {example} is not a value of its type"),
                ));
            }
        }
    }

    fn check_type(&self, place: &str, t: &TypeExpr, out: &mut Vec<Invalid>) {
        match t.kind {
            Kind::Array => match &t.items {
                Some(items) if items.kind == Kind::Array => {
                    out.push(invalid(place, "an array of arrays"))
                }
                Some(items) => self.check_type(place, items, out),
                None => out.push(invalid(place, "an array without items")),
            },
            Kind::Object => match &t.reference {
                Some(name) if self.type_def(name).is_none() => {
                    out.push(invalid(place, format!("refers to unknown type {name}")))
                }
                Some(_) => {}
                None => out.push(invalid(place, "an object without ref")),
            },
            _ => {}
        }
        if t.kind != Kind::Array && t.items.is_some() {
            out.push(invalid(place, "items on a non-array"));
        }
        if t.kind != Kind::Object && t.reference.is_some() {
            out.push(invalid(place, "ref on a non-object"));
        }
        match &t.enumeration {
            Some(_) if t.kind != Kind::String => out.push(invalid(place, "enum on a non-string")),
            Some(name) if self.enum_def(name).is_none() => {
                out.push(invalid(place, format!("refers to unknown enum {name}")))
            }
            _ => {}
        }
    }

    fn check_cycles(&self, out: &mut Vec<Invalid>) {
        fn refs(t: &TypeExpr, into: &mut Vec<String>) {
            if let Some(name) = &t.reference {
                into.push(name.clone());
            }
            if let Some(items) = &t.items {
                refs(items, into);
            }
        }
        for start in &self.types {
            let mut stack: Vec<String> = Vec::new();
            for f in &start.fields {
                refs(&f.type_expr(), &mut stack);
            }
            let mut seen = BTreeSet::new();
            while let Some(name) = stack.pop() {
                if name == start.name {
                    out.push(invalid(format!("type {}", start.name), "contains itself"));
                    break;
                }
                if !seen.insert(name.clone()) {
                    continue;
                }
                if let Some(t) = self.type_def(&name) {
                    for f in &t.fields {
                        refs(&f.type_expr(), &mut stack);
                    }
                }
            }
        }
    }
}

/// A parameter is required exactly when evidence says so, and the evidence is known.
fn check_required_evidence(place: &str, m: &Member, out: &mut Vec<Invalid>) {
    if (m.required == Some(true)) == m.required_by.is_empty() {
        out.push(invalid(
            place,
            "required_by is given exactly when required is true",
        ));
    }
    let mut seen = BTreeSet::new();
    for evidence in &m.required_by {
        if !REQUIRED_EVIDENCE.contains(&evidence.as_str()) || !seen.insert(evidence.as_str()) {
            out.push(invalid(
                place,
                format!(
                    "required_by {evidence} (each once, one of {})",
                    REQUIRED_EVIDENCE.join(", ")
                ),
            ));
        }
    }
}

/// A paginated operation's members have the types the model's `paginated!` reads: an
/// optional string `NextToken` in the request, a string one in the response, and a boolean
/// `IsTruncated` in the response.
fn check_pagination(place: &str, op: &Operation, out: &mut Vec<Invalid>) {
    if !op.is_paginated() {
        return;
    }
    let string = |m: &Member| m.kind == Kind::String && m.enumeration.is_none();
    let mut refuse = |what: &str, expected: &str| {
        out.push(invalid(
            format!("{place}, {what}"),
            format!("the operation is paginated, so this must be {expected}"),
        ));
    };
    if op
        .parameter("NextToken")
        .is_some_and(|m| !string(m) || m.required == Some(true))
    {
        refuse("parameter NextToken", "an optional string");
    }
    if op.response_field("NextToken").is_some_and(|m| !string(m)) {
        refuse("response field NextToken", "a string");
    }
    if op
        .response_field("IsTruncated")
        .is_none_or(|m| m.kind != Kind::Boolean)
    {
        refuse("response field IsTruncated", "a boolean");
    }
    if op
        .parameter("MaxResults")
        .is_none_or(|m| m.kind != Kind::Integer || m.required == Some(true))
    {
        refuse(
            "parameter MaxResults",
            "an optional integer (the page size)",
        );
    }
    if op.page_items().is_none() {
        refuse(
            "response",
            "a response with exactly one list (the page's items)",
        );
    }
}
