//! Operations chosen by action name at run time: typed requests from `--Name value`
//! parameters, encoded by the codec; responses decoded by the codec into JSON.

use acs_codec::{Parameters, RequestError, RequestOptions, ResponseError};
use acs_protocol::operation::{OperationDescription, ParameterStyle};
use std::future::Future;
use std::pin::Pin;

use acs_protocol::{Format, Operation, OperationVisitor, Paginated, PaginatedVisitor};
use http::Uri;

use crate::error::CliError;

/// The actions the model knows, for messages.
pub fn known_actions() -> String {
    cloudsso_model::OPERATIONS
        .iter()
        .map(|d| d.action)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks that `action` is an operation of the model.
pub fn check_action(
    action: &str,
) -> Result<&'static cloudsso_model::OperationDescription, CliError> {
    cloudsso_model::description(action).ok_or_else(|| {
        CliError::usage(
            "ACTION",
            format!(
                "`{action}` is not an operation of CloudSSO {}; expected one of: {}",
                cloudsso_model::API_VERSION,
                known_actions()
            ),
        )
    })
}

/// The unsigned request of `action` with `params`, to `endpoint`, asking for `format`.
///
/// Parameters are checked as the service checks them (required ones present, values of
/// their type), but values outside the documented list are sent as they are: the model's
/// enums are open, and the service has the last word. Names are checked first by
/// [`crate::parameters::check`] (flattened lists and objects, JSON text), then the codec
/// decodes them exactly as a server would decode the same parameters on the wire, and
/// encodes the typed request.
pub fn encode(
    action: &str,
    params: &[(String, String)],
    endpoint: &Uri,
    format: Format,
) -> Result<http::Request<Vec<u8>>, CliError> {
    let parameters = checked_parameters(action, params)?;
    cloudsso_model::visit_operation(
        action,
        Encode {
            parameters: &parameters,
            params,
            endpoint,
            format,
        },
    )
    .unwrap_or_else(|| Err(unknown(action)))
}

/// The parameters as a server reads them off the wire (flattened names as given, a
/// JSON-text parameter as one parameter holding its text), checked against the description
/// first.
fn checked_parameters(action: &str, params: &[(String, String)]) -> Result<Parameters, CliError> {
    let description = check_action(action)?;
    crate::parameters::check(description, params)?;
    Ok(params.iter().cloned().collect())
}

fn unknown(action: &str) -> CliError {
    CliError::usage("ACTION", format!("`{action}` is not known"))
}

/// The typed request of `O` that `params` (as `parameters`) make, decoded as a server would.
fn typed_request<O: Operation>(
    parameters: &Parameters,
    params: &[(String, String)],
) -> Result<O::Request, CliError> {
    let options = RequestOptions::DEFAULT.with_check_allowed_values(false);
    let typed = parameters.decode::<O>(&options).map_err(parameter_error)?;
    check_taken(O::DESCRIPTION, params, &typed)?;
    Ok(typed)
}

struct Encode<'a> {
    parameters: &'a Parameters,
    params: &'a [(String, String)],
    endpoint: &'a Uri,
    format: Format,
}

impl OperationVisitor for Encode<'_> {
    type Output = Result<http::Request<Vec<u8>>, CliError>;

    fn visit<O: Operation>(self) -> Self::Output {
        let typed = typed_request::<O>(self.parameters, self.params)?;
        acs_codec::encode_request(self.endpoint, &typed, self.format)
            .map_err(|e| CliError::usage("--endpoint", e.to_string()))
    }
}

/// Checks that `action` pages by `NextToken`; a usage error naming `--all-pages` otherwise.
pub fn check_paginated(action: &str) -> Result<(), CliError> {
    check_action(action)?;
    struct IsPaginated;
    impl PaginatedVisitor for IsPaginated {
        type Output = ();
        fn visit<O: Paginated>(self) {}
    }
    cloudsso_model::visit_paginated_operation(action, IsPaginated).ok_or_else(|| {
        CliError::usage(
            "--all-pages",
            format!(
                "{action} is not paginated; expected an operation whose request and response \
                 have NextToken"
            ),
        )
    })
}

/// A call's answer, decoded and shown as JSON.
type Answer<'a> = Pin<Box<dyn Future<Output = Result<serde_json::Value, CliError>> + 'a>>;

/// Sends `action` with `params` through `client` (the operation chosen by name): the
/// response as JSON, or the client's error as the CLI's.
pub async fn send(
    client: &acs_client::Client,
    action: &str,
    params: &[(String, String)],
) -> Result<serde_json::Value, CliError> {
    let parameters = checked_parameters(action, params)?;
    let visitor = Send {
        client,
        parameters: &parameters,
        params,
    };
    match cloudsso_model::visit_operation(action, visitor) {
        Some(answer) => answer.await,
        None => Err(unknown(action)),
    }
}

struct Send<'a> {
    client: &'a acs_client::Client,
    parameters: &'a Parameters,
    params: &'a [(String, String)],
}

impl<'a> OperationVisitor for Send<'a> {
    type Output = Answer<'a>;

    fn visit<O: Operation>(self) -> Self::Output {
        Box::pin(async move {
            let typed = typed_request::<O>(self.parameters, self.params)?;
            let response = self
                .client
                .send::<O>(typed)
                .await
                .map_err(CliError::from_sdk)?;
            to_json(&response)
        })
    }
}

/// Sends `action` with `params` and then every following page (`NextToken`) through
/// `client`: the pages as a JSON array. A usage error naming `--all-pages` for an operation
/// that does not page.
pub async fn send_all_pages(
    client: &acs_client::Client,
    action: &str,
    params: &[(String, String)],
) -> Result<serde_json::Value, CliError> {
    check_paginated(action)?;
    let parameters = checked_parameters(action, params)?;
    let visitor = SendPages {
        client,
        parameters: &parameters,
        params,
    };
    match cloudsso_model::visit_paginated_operation(action, visitor) {
        Some(answer) => answer.await,
        None => Err(unknown(action)),
    }
}

struct SendPages<'a> {
    client: &'a acs_client::Client,
    parameters: &'a Parameters,
    params: &'a [(String, String)],
}

impl<'a> PaginatedVisitor for SendPages<'a> {
    type Output = Answer<'a>;

    fn visit<O: Paginated>(self) -> Self::Output {
        Box::pin(async move {
            let typed = typed_request::<O>(self.parameters, self.params)?;
            let mut paginator = acs_codec::Paginator::<O>::new(typed);
            let mut pages = Vec::new();
            while let Some(request) = paginator.next_request() {
                let response = self
                    .client
                    .send::<O>(request.clone())
                    .await
                    .map_err(CliError::from_sdk)?;
                paginator
                    .advance(&response)
                    .map_err(|e| CliError::Input(e.to_string()))?;
                pages.push(to_json(&response)?);
            }
            Ok(serde_json::Value::Array(pages))
        })
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, CliError> {
    serde_json::to_value(value)
        .map_err(|e| CliError::Input(format!("the response cannot be shown: {e}")))
}

/// Every parameter given reached the typed request: none is silently left out.
fn check_taken<R: serde::Serialize>(
    description: &OperationDescription,
    params: &[(String, String)],
    typed: &R,
) -> Result<(), CliError> {
    let members = match serde_json::to_value(typed) {
        Ok(serde_json::Value::Object(members)) => members,
        _ => return Ok(()),
    };
    for (name, value) in params {
        let top = name.split('.').next().unwrap_or(name);
        if members.contains_key(top) {
            continue;
        }
        let json = description
            .parameter(top)
            .is_some_and(|p| p.style == ParameterStyle::Json);
        let reason = if json {
            "is a parameter that travels as JSON text, which the codec did not take; it would \
             not be sent"
        } else {
            "was not taken by the codec, so it would not be sent"
        };
        return Err(CliError::Input(format!("--{name} `{value}`: {reason}")));
    }
    Ok(())
}

fn parameter_error(error: RequestError) -> CliError {
    match &error {
        RequestError::MissingParameter { action, name } => {
            CliError::usage(format!("--{name}"), format!("is required by {action}"))
        }
        RequestError::InvalidParameter { key, .. } => {
            CliError::usage(format!("--{key}"), error.to_string())
        }
        RequestError::Rejected { name, .. } => {
            CliError::usage(format!("--{name}"), error.to_string())
        }
        _ => CliError::Input(error.to_string()),
    }
}

/// Decodes a response of `action`: the typed value as JSON, or the codec's error.
pub fn decode<B: AsRef<[u8]>>(
    action: &str,
    response: &http::Response<B>,
) -> Result<serde_json::Value, CliError> {
    check_action(action)?;
    let result = cloudsso_model::visit_operation(action, Decode { response })
        .unwrap_or_else(|| Err(CliError::Input(format!("unknown action {action}"))))?;
    Ok(result)
}

struct Decode<'a, B> {
    response: &'a http::Response<B>,
}

impl<B: AsRef<[u8]>> OperationVisitor for Decode<'_, B> {
    type Output = Result<serde_json::Value, CliError>;

    fn visit<O: Operation>(self) -> Self::Output {
        serde_json::to_value(decode_typed::<O, B>(self.response)?)
            .map_err(|e| CliError::Input(format!("the response cannot be shown: {e}")))
    }
}

/// The typed response, or the service error (exit 1), or why it cannot be read.
fn decode_typed<O: Operation, B: AsRef<[u8]>>(
    response: &http::Response<B>,
) -> Result<O::Response, CliError> {
    match acs_codec::decode_response::<O, B>(response) {
        Ok(value) => Ok(value),
        Err(ResponseError::Service(error)) => Err(CliError::Service(error)),
        Err(error) => Err(CliError::Input(error.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--all-pages` is refused for exactly the operations the codec's `is_paginated` says
    /// do not page.
    #[test]
    fn all_pages_is_refused_for_the_operations_without_next_token() {
        for description in cloudsso_model::OPERATIONS {
            let action = description.action;
            let refused = match check_paginated(action) {
                Err(CliError::Usage { flag, message }) if flag == "--all-pages" => {
                    assert!(message.starts_with(&format!("{action} is not paginated")));
                    true
                }
                Ok(()) => false,
                Err(other) => panic!("{action}: {other}"),
            };
            assert_eq!(refused, !acs_codec::is_paginated(description), "{action}");
        }
    }
}
