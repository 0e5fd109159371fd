//! `External` profiles: credentials printed by a command (`process_command`, split like a
//! POSIX shell would split it, run without a shell), as JSON
//! `{"mode":"AK"|"StsToken","access_key_id","access_key_secret","sts_token","expiration"}`.
//! STS credentials are fetched again when 180 s or less remain (the official libraries'
//! margin for this mode) — at most half their lifetime, see [`crate::cache`]. The official
//! CLI writes the result back into `config.json`; we do not write the user's file.

use std::process::Stdio;
use std::time::Duration;

use acs_protocol::Credentials;
use serde::Deserialize;

use crate::cache::{CachingProvider, Fetch, FetchFuture};
use crate::error::ConfigError;
use crate::runtime::{
    BoxError, CredentialsError, ProvideCredentials, ProvideCredentialsFuture, failed,
};
use crate::sts::parse_expiration;

/// The provider's name, as the official libraries send it in `x-acs-credentials-provider`.
pub const NAME: &str = "external";

fn fail(source: impl Into<BoxError>) -> CredentialsError {
    failed(NAME, "the external command gave no credentials", source)
}

/// Run the command again when this much or less remains.
pub const EXTERNAL_REFRESH_MARGIN: Duration = Duration::from_secs(180);

/// How long the command may run, as the official libraries allow.
pub const DEFAULT_PROCESS_TIMEOUT: Duration = Duration::from_secs(60);

/// Why the command gave no credentials. Its output is never shown (it holds secrets); its
/// standard error is, truncated.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ProcessError {
    /// It could not be started.
    #[error("cannot run `{program}`")]
    Spawn {
        /// The program.
        program: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// It ran longer than allowed and was killed.
    #[error("`{program}` did not finish within {timeout:?}")]
    Timeout {
        /// The program.
        program: String,
        /// The limit.
        timeout: Duration,
    },
    /// It exited with an error.
    #[error("`{program}` exited with {status}: {stderr}")]
    Failed {
        /// The program.
        program: String,
        /// Its exit status.
        status: std::process::ExitStatus,
        /// The start of its standard error.
        stderr: String,
    },
    /// Its output is not the expected JSON.
    #[error("`{program}` printed no usable credentials: {problem}")]
    Output {
        /// The program.
        program: String,
        /// What is missing or wrong.
        problem: String,
    },
}

/// One run of the command.
#[derive(Debug)]
pub struct ExternalProcess {
    argv: Vec<String>,
    timeout: Duration,
}

#[derive(Deserialize)]
struct Output {
    mode: Option<String>,
    access_key_id: Option<String>,
    access_key_secret: Option<String>,
    sts_token: Option<String>,
    expiration: Option<String>,
}

impl ExternalProcess {
    fn program(&self) -> String {
        self.argv.first().cloned().unwrap_or_default()
    }

    async fn run(&self) -> Result<Credentials, ProcessError> {
        let program = self.program();
        let mut command = tokio::process::Command::new(&program);
        command
            .args(self.argv.iter().skip(1))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let child = command.spawn().map_err(|source| ProcessError::Spawn {
            program: program.clone(),
            source,
        })?;
        let output = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| ProcessError::Timeout {
                program: program.clone(),
                timeout: self.timeout,
            })?
            .map_err(|source| ProcessError::Spawn {
                program: program.clone(),
                source,
            })?;
        if !output.status.success() {
            return Err(ProcessError::Failed {
                program,
                status: output.status,
                stderr: String::from_utf8_lossy(&output.stderr)
                    .chars()
                    .take(512)
                    .collect(),
            });
        }
        let problem = |problem: String| ProcessError::Output {
            program: program.clone(),
            problem,
        };
        let parsed: Output = serde_json::from_slice(&output.stdout).map_err(|e| {
            problem(format!(
                "not JSON ({:?} error at line {} column {})",
                e.classify(),
                e.line(),
                e.column()
            ))
        })?;
        let non_empty = |v: Option<String>| v.filter(|v| !v.is_empty());
        let (Some(id), Some(secret)) = (
            non_empty(parsed.access_key_id),
            non_empty(parsed.access_key_secret),
        ) else {
            return Err(problem(
                "access_key_id or access_key_secret is empty".to_owned(),
            ));
        };
        let mut credentials = Credentials::new(id, secret);
        match parsed.mode.as_deref() {
            Some("StsToken") => match non_empty(parsed.sts_token) {
                Some(token) => credentials = credentials.with_security_token(token),
                None => return Err(problem("mode StsToken but sts_token is empty".to_owned())),
            },
            Some("AK") | None => {}
            Some(other) => {
                return Err(problem(format!(
                    "mode is {other:?}; expected \"AK\" or \"StsToken\""
                )));
            }
        }
        match non_empty(parsed.expiration) {
            Some(text) => {
                let expiration =
                    parse_expiration(&program, &text).map_err(|e| problem(e.to_string()))?;
                Ok(credentials.with_expiration(expiration))
            }
            None => Ok(credentials),
        }
    }
}

impl Fetch for ExternalProcess {
    fn fetch(&self) -> FetchFuture<'_> {
        Box::pin(async move {
            self.run()
                .await
                .map(|credentials| credentials.with_provider_name(NAME))
                .map_err(fail)
        })
    }
}

/// Credentials from an external command, cached until they are due.
#[derive(Debug)]
pub struct ExternalProcessProvider(CachingProvider<ExternalProcess>);

impl ExternalProcessProvider {
    /// Runs `process_command` (split as a POSIX shell would, without running one).
    pub fn new(process_command: &str, timeout: Option<Duration>) -> Result<Self, ConfigError> {
        let argv = split_command(process_command)
            .map_err(|problem| ConfigError::new("External", "process_command", problem))?;
        if argv.is_empty() {
            return Err(ConfigError::new(
                "External",
                "process_command",
                "is empty; expected a command",
            ));
        }
        Ok(Self(
            CachingProvider::new(ExternalProcess {
                argv,
                timeout: timeout.unwrap_or(DEFAULT_PROCESS_TIMEOUT),
            })
            .with_refresh_margin(EXTERNAL_REFRESH_MARGIN),
        ))
    }
}

impl ExternalProcessProvider {
    /// The same provider on another clock (tests).
    #[must_use]
    pub fn with_time_source(self, time: crate::TimeSource) -> Self {
        Self(self.0.with_time_source(time))
    }
}

impl ProvideCredentials for ExternalProcessProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}

/// Splits a command line as Python's `shlex.split` does: whitespace separates words; single
/// quotes keep everything; double quotes keep everything but `\"` and `\\`; a backslash
/// outside quotes escapes the next character.
pub fn split_command(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("has an unclosed single quote".to_owned()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("has an unclosed double quote".to_owned()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("has an unclosed double quote".to_owned()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some(c) => word.push(c),
                    None => return Err("ends with a lone backslash".to_owned()),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::split_command;

    #[test]
    fn commands_split_as_shlex_splits_them() {
        assert_eq!(
            split_command(r#"/bin/echo 'a b' "c \"d\"" e\ f"#),
            Ok(vec![
                "/bin/echo".to_owned(),
                "a b".to_owned(),
                "c \"d\"".to_owned(),
                "e f".to_owned()
            ])
        );
        assert!(split_command("echo 'open").is_err());
        assert_eq!(split_command("  "), Ok(vec![]));
    }
}
