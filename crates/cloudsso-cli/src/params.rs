//! Operation parameters given the aliyun CLI's way, `--DirectoryId d-00fc2p61****`, taken out
//! of the command line before clap reads the rest.
//!
//! A flag whose name starts with an upper-case ASCII letter is an operation parameter (every
//! wire name does, no CLI option does). `--Name value` and `--Name=value` are accepted.

use std::ffi::OsString;

use crate::error::CliError;

/// The command line without the operation parameters, and the parameters in order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Split {
    /// What clap parses.
    pub args: Vec<OsString>,
    /// `(name, value)` in the order given.
    pub params: Vec<(String, String)>,
}

/// Takes the operation parameters out of `args` (program name first).
pub fn split(args: impl IntoIterator<Item = OsString>) -> Result<Split, CliError> {
    let mut split = Split::default();
    let mut args = args.into_iter();
    let mut after_double_dash = false;
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            split.args.push(arg);
            continue;
        };
        if after_double_dash {
            split.args.push(arg);
            continue;
        }
        if text == "--" {
            after_double_dash = true;
            split.args.push(arg);
            continue;
        }
        let Some(flag) = text.strip_prefix("--") else {
            split.args.push(arg);
            continue;
        };
        if !flag.starts_with(|c: char| c.is_ascii_uppercase()) {
            split.args.push(arg);
            continue;
        }
        let (name, value) = match flag.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None => {
                let value = args
                    .next()
                    .ok_or_else(|| CliError::usage(format!("--{flag}"), "a value is required"))?
                    .into_string()
                    .map_err(|_| CliError::usage(format!("--{flag}"), "the value is not UTF-8"))?;
                (flag.to_owned(), value)
            }
        };
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        {
            return Err(CliError::usage(
                format!("--{name}"),
                "is not a parameter name; expected a wire name such as --DirectoryId",
            ));
        }
        split.params.push((name, value));
    }
    Ok(split)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Split, CliError> {
        split(args.iter().map(OsString::from))
    }

    #[test]
    fn upper_case_flags_are_parameters_in_both_forms() {
        let split = run(&[
            "cloudsso",
            "call",
            "GetMFAAuthenticationSettingInfo",
            "--DirectoryId",
            "d-1",
            "--format",
            "xml",
            "--MFAAuthenticationStatus=Enabled",
        ])
        .unwrap();
        assert_eq!(
            split.params,
            [
                ("DirectoryId".to_owned(), "d-1".to_owned()),
                ("MFAAuthenticationStatus".to_owned(), "Enabled".to_owned())
            ]
        );
        assert_eq!(
            split.args,
            [
                "cloudsso",
                "call",
                "GetMFAAuthenticationSettingInfo",
                "--format",
                "xml"
            ]
            .map(OsString::from)
        );
    }

    #[test]
    fn a_parameter_without_a_value_names_the_flag() {
        let error = run(&["cloudsso", "call", "X", "--DirectoryId"]).unwrap_err();
        assert_eq!(error.to_string(), "--DirectoryId: a value is required");
    }
}
