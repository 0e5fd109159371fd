//! The server side: an `http::Request` from any real client into the typed request.

use std::collections::BTreeMap;

use acs_protocol::encoding::parse_urlencoded;
use acs_protocol::{Api, Operation, OperationVisitor};
use http::Method;
use serde_json::{Map, Value};

use super::flatten::unflatten;
use super::is_form;
use super::json_text;
use crate::error::RequestError;
use crate::limits::{LimitError, LimitKind, Limits};

/// How a server decodes requests.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct RequestOptions {
    /// Bounds on the form body and the number of parameters.
    pub limits: Limits,
    /// Whether a value outside a parameter's documented values is `Invalid{Name}`, as the
    /// service answers (on by default). Off, such values reach the model's open enums as
    /// `Unknown`.
    pub check_allowed_values: bool,
}

impl RequestOptions {
    /// Default limits; documented values checked.
    pub const DEFAULT: Self = Self {
        limits: Limits::DEFAULT,
        check_allowed_values: true,
    };

    /// The same options with other limits.
    #[must_use]
    pub const fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The same options, checking documented values or not.
    #[must_use]
    pub const fn with_check_allowed_values(mut self, check: bool) -> Self {
        self.check_allowed_values = check;
        self
    }
}

impl Default for RequestOptions {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The percent-decoded parameters of a request, from the query and a form body; a name
/// that appears twice keeps its first value (the query's).
///
/// Read from a request with [`from_request`](Self::from_request), or collected from
/// `(name, value)` pairs already decoded (a command line's `--Name value`, say):
///
/// ```
/// use acs_codec::{Parameters, RequestOptions};
/// use cloudsso_model::GetDirectory;
///
/// let parameters: Parameters = [("DirectoryId".to_owned(), "d-00fc2p61****".to_owned())]
///     .into_iter()
///     .collect();
/// let request = parameters.decode::<GetDirectory>(&RequestOptions::DEFAULT)?;
/// let id = request.directory_id.as_ref().map(|id| id.as_str());
/// assert_eq!(id, Some("d-00fc2p61****"));
/// # Ok::<(), acs_codec::RequestError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parameters(BTreeMap<String, String>);

/// Parameters from decoded `(name, value)` pairs, in the order they were given: a name given
/// twice keeps its first value, as in [`Parameters::from_request`]. No [`Limits`] apply.
impl FromIterator<(String, String)> for Parameters {
    fn from_iter<I: IntoIterator<Item = (String, String)>>(pairs: I) -> Self {
        let mut parameters = BTreeMap::new();
        for (name, value) in pairs {
            parameters.entry(name).or_insert(value);
        }
        Self(parameters)
    }
}

impl Parameters {
    /// Reads the parameters of `request` within `limits`; checks the method first
    /// (`GET` or `POST`).
    pub fn from_request<B: AsRef<[u8]>>(
        request: &http::Request<B>,
        limits: &Limits,
    ) -> Result<Self, RequestError> {
        if request.method() != Method::GET && request.method() != Method::POST {
            return Err(RequestError::UnsupportedMethod {
                method: request.method().to_string(),
            });
        }
        Self::read_any_method(request, limits)
    }

    /// [`from_request`](Self::from_request) without the method check: the requested format
    /// is read from the parameters of any request, as the service does for its error.
    pub(crate) fn read_any_method<B: AsRef<[u8]>>(
        request: &http::Request<B>,
        limits: &Limits,
    ) -> Result<Self, RequestError> {
        let mut parameters = BTreeMap::new();
        let mut count = 0usize;
        let mut add = |text: &str| -> Result<(), RequestError> {
            for pair in parse_urlencoded(text) {
                let (name, value) = pair?;
                count += 1;
                if count > limits.max_parameters {
                    return Err(LimitError::new(
                        LimitKind::MaxParameters,
                        limits.max_parameters,
                        count,
                    )
                    .into());
                }
                parameters
                    .entry(name.into_owned())
                    .or_insert_with(|| value.into_owned());
            }
            Ok(())
        };
        if let Some(query) = request.uri().query() {
            add(query)?;
        }
        if is_form(request.headers()) {
            let body = request.body().as_ref();
            limits.check_body(body.len())?;
            let text = std::str::from_utf8(body).map_err(|error| RequestError::FormNotUtf8 {
                offset: error.valid_up_to(),
            })?;
            add(text)?;
        }
        Ok(Self(parameters))
    }

    /// The value of the parameter `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// Every parameter, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// The typed request of `O` from these parameters; parameters that are not `O`'s (the
    /// common ones, unknown ones) are ignored.
    ///
    /// Lists and objects are read back from their flattened names (`Tags.1.Key`), or, for a
    /// parameter of [`ParameterStyle::Json`], from the JSON text of its one value, checked
    /// against the description: text that is not JSON of the parameter's type is
    /// `Invalid{Name}`, naming the value and the expected `JSON text of <type>`.
    ///
    /// [`ParameterStyle::Json`]: acs_protocol::operation::ParameterStyle::Json
    pub fn decode<O: Operation>(
        &self,
        options: &RequestOptions,
    ) -> Result<O::Request, RequestError> {
        let description = O::DESCRIPTION;
        let mut members = Map::new();
        for parameter in description.parameters {
            let value = if json_text::is_json_text(parameter) {
                json_text::read(&self.0, parameter, options.check_allowed_values)
            } else {
                unflatten(
                    &self.0,
                    parameter.wire_name,
                    parameter.kind,
                    parameter.allowed_values,
                    options.check_allowed_values,
                )
            }
            .map_err(|misfit| RequestError::InvalidParameter {
                name: parameter.wire_name,
                key: misfit.key,
                value: misfit.value,
                expected: misfit.expected,
            })?;
            match value {
                Some(value) => {
                    members.insert(parameter.wire_name.to_owned(), value);
                }
                None if parameter.required => {
                    return Err(RequestError::MissingParameter {
                        action: description.action,
                        name: parameter.wire_name,
                    });
                }
                None => {}
            }
        }
        crate::tracked::from_value(Value::Object(members)).map_err(|error| {
            let name = error
                .top_field()
                .and_then(|field| description.parameter(field))
                .map_or("Parameter", |parameter| parameter.wire_name);
            let at = error.path_text();
            let message = if at.is_empty() || at == name {
                error.message
            } else {
                format!("at {at}: {}", error.message)
            };
            RequestError::Rejected { name, message }
        })
    }
}

/// The action a request names: its `x-acs-action` header (V3) first, then its `Action`
/// parameter (V2, query or form).
pub fn request_action<B>(
    request: &http::Request<B>,
    parameters: &Parameters,
) -> Result<String, RequestError> {
    request
        .headers()
        .get("x-acs-action")
        .and_then(|value| value.to_str().ok())
        .or_else(|| parameters.get("Action"))
        .filter(|action| !action.is_empty())
        .map(str::to_owned)
        .ok_or(RequestError::MissingAction)
}

/// Decodes `request` as a request of `O`, with the default [`RequestOptions`]. The action
/// is not checked: the caller chose `O` (see [`dispatch_request`] to choose by action).
pub fn decode_request<O: Operation, B: AsRef<[u8]>>(
    request: &http::Request<B>,
) -> Result<O::Request, RequestError> {
    decode_request_with::<O, B>(request, &RequestOptions::DEFAULT)
}

/// [`decode_request`] with other options.
pub fn decode_request_with<O: Operation, B: AsRef<[u8]>>(
    request: &http::Request<B>,
    options: &RequestOptions,
) -> Result<O::Request, RequestError> {
    Parameters::from_request(request, &options.limits)?.decode::<O>(options)
}

/// Code to run with a decoded request whose operation is known only at run time.
pub trait RequestHandler {
    /// What handling yields.
    type Output;

    /// Handles the request of operation `O`.
    fn handle<O: Operation>(self, request: O::Request) -> Self::Output;
}

/// Decodes `request` as the operation of API `A` its action names (see [`request_action`])
/// and hands it to `handler`: a server's one entry point for every operation of a product
/// (`dispatch_request::<cloudsso_model::CloudSso, _, _>`).
///
/// Errors in order: an unsupported method, a missing action, an unknown action
/// (`InvalidAction.NotFound`), then the parameters' errors.
pub fn dispatch_request<A: Api, B: AsRef<[u8]>, H: RequestHandler>(
    request: &http::Request<B>,
    options: &RequestOptions,
    handler: H,
) -> Result<H::Output, RequestError> {
    let parameters = Parameters::from_request(request, &options.limits)?;
    let action = request_action(request, &parameters)?;
    let visitor = Dispatch {
        parameters: &parameters,
        options,
        handler,
    };
    A::visit_operation(&action, visitor).unwrap_or(Err(RequestError::UnknownAction { action }))
}

struct Dispatch<'a, H> {
    parameters: &'a Parameters,
    options: &'a RequestOptions,
    handler: H,
}

impl<H: RequestHandler> OperationVisitor for Dispatch<'_, H> {
    type Output = Result<H::Output, RequestError>;

    fn visit<O: Operation>(self) -> Self::Output {
        let request = self.parameters.decode::<O>(self.options)?;
        Ok(self.handler.handle::<O>(request))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collected_pairs_keep_the_first_value_as_a_request_does() {
        let pairs = [
            ("DirectoryId", "d-1"),
            ("Format", "JSON"),
            ("DirectoryId", "d-2"),
            ("Note", "a b&c=d"),
        ];
        let collected: Parameters = pairs
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        assert_eq!(collected.get("DirectoryId"), Some("d-1"));
        assert_eq!(collected.get("Note"), Some("a b&c=d"));
        assert_eq!(collected.iter().count(), 3);

        let query: Vec<String> = pairs
            .iter()
            .map(|(name, value)| {
                format!(
                    "{}={}",
                    acs_protocol::encoding::percent_encode(name),
                    acs_protocol::encoding::percent_encode(value)
                )
            })
            .collect();
        let request = http::Request::get(format!("/?{}", query.join("&")))
            .body(Vec::<u8>::new())
            .unwrap();
        let read = Parameters::from_request(&request, &Limits::DEFAULT).unwrap();
        assert_eq!(collected, read);
    }
}
