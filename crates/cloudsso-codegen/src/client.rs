//! The client crate's generated `fluent.rs`: for each operation, a method of the product's
//! `Client` named after it and the fluent builder it returns, whose setters mirror the
//! model's request builder; `send()`, `customize()`, and where the operation allows it
//! `into_paginator()` (an `acs_protocol::Paginated` operation) and `send_and_wait()` (an
//! operation that starts tasks).

use std::fmt::Write as _;

use crate::Product;
use crate::api::{ApiDescription, Kind, Member, Operation};
use crate::generate::{doc, is_required_parameter, parameter_setter_shape};
use crate::names;

/// The action that reports a task's status, which the waiters poll.
const TASK_STATUS_ACTION: &str = "GetTaskStatus";

/// How an operation's response names the tasks it started.
enum Tasks {
    /// One task: `Task.TaskId`.
    One(String),
    /// Several: `Tasks[].TaskId`.
    Many(String),
}

/// The tasks an operation starts, if it starts any the product can wait for: it is no
/// read (`Get*`, `List*` report tasks, they start none), its response has a `Task` object or
/// a `Tasks` list whose type has a `TaskId`, its request a `DirectoryId`, and the product a
/// `GetTaskStatus` to poll.
fn tasks(api: &ApiDescription, op: &Operation) -> Option<Tasks> {
    if op.action.starts_with("Get") || op.action.starts_with("List") {
        return None;
    }
    api.operations
        .iter()
        .find(|o| o.action == TASK_STATUS_ACTION)?;
    op.parameter("DirectoryId")?;
    let has_task_id = |m: &Member| {
        let reference = match m.kind {
            Kind::Object => m.reference.as_deref(),
            Kind::Array => m.items.as_ref().and_then(|i| i.reference.as_deref()),
            _ => None,
        };
        reference
            .and_then(|name| api.type_def(name))
            .is_some_and(|t| t.fields.iter().any(|f| f.wire_name == "TaskId"))
    };
    op.response
        .iter()
        .find_map(|m| match (m.wire_name.as_str(), m.kind) {
            ("Task", Kind::Object) if has_task_id(m) => {
                Some(Tasks::One(names::snake(&m.wire_name)))
            }
            ("Tasks", Kind::Array) if has_task_id(m) => {
                Some(Tasks::Many(names::snake(&m.wire_name)))
            }
            _ => None,
        })
}

/// A type the client names through the model (`model::Tag`), or as it is (`String`).
fn qualified(ty: &str) -> String {
    if matches!(ty, "String" | "i64" | "bool") || ty.contains("::") {
        ty.to_owned()
    } else {
        format!("model::{ty}")
    }
}

/// The generated `fluent.rs` of `product`'s client.
pub fn fluent_file(product: &Product, api: &ApiDescription) -> String {
    let mut out = String::new();
    out.push_str(
        "//! The fluent builders: one per operation, made by the [`Client`](crate::Client) \
         method of the operation's name.\n\n",
    );
    out.push_str("use acs_client::{CallOptions, SdkError};\n");
    let _ = writeln!(out, "use {} as model;\n", product.model_crate);
    out.push_str("use crate::Client;\n\n");
    out.push_str("impl Client {\n");
    for op in &api.operations {
        let rust = names::pascal(&op.action);
        let method = names::snake(&op.action);
        let summary = op.summary.trim();
        if summary.is_empty() {
            let _ = writeln!(out, "    /// `{}`.", op.action);
        } else {
            doc(&mut out, "    ", &format!("`{}`: {summary}", op.action));
        }
        out.push_str("    ///\n");
        let _ = writeln!(
            out,
            "    /// Set the parameters on the [`{rust}FluentBuilder`], then `.send().await`."
        );
        let _ = writeln!(
            out,
            "    pub fn {method}(&self) -> {rust}FluentBuilder {{\n        {rust}FluentBuilder::new(self.clone())\n    }}\n"
        );
    }
    out.push_str("}\n");
    for op in &api.operations {
        fluent_builder(&mut out, api, op);
    }
    out
}

fn fluent_builder(out: &mut String, api: &ApiDescription, op: &Operation) {
    let rust = names::pascal(&op.action);
    let builder = format!("{rust}FluentBuilder");
    let request = format!("model::{rust}Request");
    let response = format!("model::{rust}Response");
    let _ = writeln!(
        out,
        "\n/// Sends [`{rust}`](model::{rust}) (`{}`): set its parameters, then [`send`](Self::send).",
        op.action
    );
    out.push_str("#[derive(Clone, Debug)]\n");
    let _ = writeln!(
        out,
        "pub struct {builder} {{\n    client: Client,\n    inner: {request}Builder,\n    options: CallOptions,\n}}\n"
    );
    let _ = writeln!(out, "impl {builder} {{");
    let _ = writeln!(
        out,
        "    fn new(client: Client) -> Self {{\n        Self {{\n            client,\n            inner: {request}::builder(),\n            options: CallOptions::default(),\n        }}\n    }}\n"
    );
    for p in &op.parameters {
        let field = names::snake(&p.wire_name);
        let note = if is_required_parameter(p) {
            " (required)"
        } else {
            ""
        };
        let _ = writeln!(out, "    /// Sets `{}`{note}.", p.wire_name);
        out.push_str("    #[must_use]\n");
        let (shape, ty) = parameter_setter_shape(p);
        let ty = qualified(&ty);
        match shape {
            "into" => {
                let _ = writeln!(
                    out,
                    "    pub fn {field}(mut self, value: impl Into<{ty}>) -> Self {{"
                );
                let _ = writeln!(out, "        self.inner = self.inner.{field}(value);");
            }
            "value" => {
                let _ = writeln!(out, "    pub fn {field}(mut self, value: {ty}) -> Self {{");
                let _ = writeln!(out, "        self.inner = self.inner.{field}(value);");
            }
            "list" => {
                let _ = writeln!(
                    out,
                    "    pub fn {field}<I>(mut self, values: I) -> Self\n    where\n        I: IntoIterator<Item = {ty}>,\n    {{"
                );
                let _ = writeln!(out, "        self.inner = self.inner.{field}(values);");
            }
            _ => {
                let _ = writeln!(
                    out,
                    "    pub fn {field}<I, S>(mut self, values: I) -> Self\n    where\n        I: IntoIterator<Item = S>,\n        S: Into<{ty}>,\n    {{"
                );
                let _ = writeln!(out, "        self.inner = self.inner.{field}(values);");
            }
        }
        out.push_str("        self\n    }\n\n");
    }
    out.push_str(
        "    /// Per-call settings over the client's: retries, timeouts, headers, credentials,\n    /// signing (see [`CallOptions`]).\n    #[must_use]\n    pub fn customize(mut self, customize: impl FnOnce(CallOptions) -> CallOptions) -> Self {\n        self.options = customize(self.options);\n        self\n    }\n\n",
    );
    let _ = writeln!(
        out,
        "    /// The request as set so far, or the first field that is missing or invalid.\n    pub fn as_request(&self) -> Result<{request}, model::BuildError> {{\n        self.inner.clone().build()\n    }}\n"
    );
    let _ = writeln!(
        out,
        "    /// Sends the request: a missing or invalid field is a `ConstructionFailure`.\n    pub async fn send(self) -> Result<{response}, SdkError> {{\n        let request = self.inner.build().map_err(SdkError::from)?;\n        self.client\n            .runtime()\n            .send_with::<model::{rust}>(request, &self.options)\n            .await\n    }}"
    );
    if op.is_paginated() {
        let _ = writeln!(
            out,
            "\n    /// Every page, as a `Stream` ([`send`](acs_client::Paginator::send)), or every item\n    /// ([`items`](acs_client::Paginator::items)); `page_size` sets `MaxResults`.\n    pub fn into_paginator(self) -> acs_client::Paginator<model::{rust}> {{\n        acs_client::Paginator::new(\n            self.client.runtime().clone(),\n            self.inner.build().map_err(SdkError::from),\n            self.options,\n        )\n    }}"
        );
    }
    if let Some(tasks) = tasks(api, op) {
        let directory = match op.parameter("DirectoryId") {
            Some(p) if is_required_parameter(p) => "Some(request.directory_id.clone())",
            _ => "request.directory_id.clone()",
        };
        let ids = match tasks {
            Tasks::One(field) => format!(
                "response\n            .{field}\n            .iter()\n            .filter_map(|task| task.task_id.clone())\n            .collect()"
            ),
            Tasks::Many(field) => format!(
                "response\n            .{field}\n            .iter()\n            .flatten()\n            .filter_map(|task| task.task_id.clone())\n            .collect()"
            ),
        };
        let _ = writeln!(
            out,
            "\n    /// Sends the request, then polls `GetTaskStatus` until every task it started\n    /// succeeds: [`WaitError::Failed`](crate::WaitError::Failed) if one fails,\n    /// [`WaitError::Timeout`](crate::WaitError::Timeout) if `config`'s time runs out.\n    pub async fn send_and_wait(\n        self,\n        config: crate::WaiterConfig,\n    ) -> Result<{response}, crate::WaitError> {{\n        let request = self.inner.build().map_err(SdkError::from)?;\n        let directory_id = {directory};\n        let response = self\n            .client\n            .runtime()\n            .send_with::<model::{rust}>(request, &self.options)\n            .await?;\n        let task_ids: Vec<String> = {ids};\n        crate::waiters::wait_for_tasks(&self.client, directory_id, task_ids, &config).await?;\n        Ok(response)\n    }}"
        );
    }
    out.push_str("}\n");
}

/// The generated test of `product`'s client (for a product the emulator serves): every
/// fluent builder, with its required parameters set, sent once to the emulator in process;
/// each answers a response or a service error, never a construction or response error.
pub fn every_builder_test(product: &Product, api: &ApiDescription) -> String {
    let client_crate = product.model_crate.trim_end_matches("_model");
    let mut out = String::new();
    out.push_str(
        "//! Every fluent builder, with its required parameters set, sent once to the emulator in\n\
         //! process: each answers its response or a service error (an operation the emulator does\n\
         //! not serve, an entity that does not exist), never a construction failure (a builder that\n\
         //! does not build) or a response error (a response that does not decode).\n\
         #![allow(clippy::unwrap_used, clippy::expect_used)]\n\n",
    );
    let _ = writeln!(out, "use {client_crate}::acs_client::HttpClient;");
    let _ = writeln!(
        out,
        "use {client_crate}::acs_client::acs_protocol::Credentials;"
    );
    let _ = writeln!(out, "use {client_crate}::types as model;");
    let _ = writeln!(out, "use {client_crate}::{{Client, Config, SdkError}};\n");
    out.push_str(
        "/// `None` for a response or a service error, else what went wrong.\n\
         fn unexpected<T>(result: Result<T, SdkError>) -> Option<String> {\n\
         \x20   match result {\n\
         \x20       Ok(_) | Err(SdkError::ServiceError(_)) => None,\n\
         \x20       Err(other) => Some(other.to_string()),\n\
         \x20   }\n\
         }\n\n",
    );
    out.push_str("#[tokio::test]\nasync fn every_fluent_builder_sends_once() {\n");
    out.push_str(
        "    let emulator = cloudsso_emulator::Emulator::builder()\n        .access_key(\"testid\", \"testsecret\")\n        .build()\n        .unwrap();\n    let in_process = HttpClient::from_fn(move |request| {\n        let response = emulator.handle(request).map(bytes::Bytes::from);\n        async move { Ok(response) }\n    });\n    let config = Config::builder()\n        .region(\"cn-shanghai\")\n        .credentials_provider(Credentials::new(\"testid\", \"testsecret\"))\n        .http_client(in_process)\n        .build();\n    let client = Client::new(&config);\n    let mut failures = Vec::new();\n",
    );
    for op in &api.operations {
        let method = names::snake(&op.action);
        let mut call = format!("client.{method}()");
        for p in op.parameters.iter().filter(|p| is_required_parameter(p)) {
            let field = names::snake(&p.wire_name);
            let (shape, ty) = parameter_setter_shape(p);
            let value = match shape {
                "list" | "list_into" => format!("Vec::<{}>::new()", qualified(&ty)),
                "value" if ty == "i64" => "1".to_owned(),
                "value" if ty == "bool" => "true".to_owned(),
                "value" => format!("{}::default()", qualified(&ty)),
                _ if p.wire_name == "DirectoryId" => "\"d-00fc2p61****\"".to_owned(),
                _ => match p.enum_name() {
                    Some(name) => format!("model::{name}::VALUES[0]"),
                    None => "\"example\"".to_owned(),
                },
            };
            let _ = write!(call, ".{field}({value})");
        }
        let _ = writeln!(
            out,
            "    if let Some(error) = unexpected({call}.send().await) {{\n        failures.push(format!(\"{}: {{error}}\"));\n    }}",
            op.action
        );
    }
    let _ = writeln!(
        out,
        "    assert!(failures.is_empty(), \"{{}}\", failures.join(\"\\n\"));\n}}"
    );
    out
}
