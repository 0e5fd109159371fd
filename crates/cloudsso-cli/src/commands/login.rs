//! `login`: the CloudSSO sign-in of [`acs_credentials::sso_login`] on the command line, as
//! `aliyun configure --mode CloudSSO` does it: the verification URL and user code printed
//! (and a browser opened when there is a display), the account and access configuration
//! chosen, the profile saved by [`acs_credentials::cli_profile_writer`] and shown (never the
//! token).

use std::io::{BufRead, IsTerminal as _, Write};
use std::path::PathBuf;

use acs_client::HttpClient;
use acs_credentials::cli_profile::{CliConfig, ENV_CONFIG_FILE};
use acs_credentials::cli_profile_writer::{CloudSsoProfile, save_cloud_sso_profile};
use acs_credentials::sso_login::{LoginError, Portal};

use crate::cli::LoginArgs;
use crate::credentials::Environment;
use crate::error::CliError;

/// Runs `login`.
pub async fn run(args: &LoginArgs, env: &Environment) -> Result<(), CliError> {
    let path = config_path(env)?;
    let existing = CliConfig::load(&path)
        .map_err(|e| CliError::Input(e.to_string()))?
        .and_then(|config| config.profile(&args.profile).cloned());
    let sign_in_url = match (&args.sign_in_url, &existing) {
        (Some(url), _) => url.clone(),
        (None, Some(profile)) if !profile.cloud_sso_sign_in_url.is_empty() => {
            profile.cloud_sso_sign_in_url.clone()
        }
        _ => {
            return Err(CliError::usage(
                "--sign-in-url",
                format!(
                    "profile '{}' has no sign-in URL; give the user portal's, \
                     https://signin-<region>.alibabacloudsso.com/<DirectoryName>/login",
                    args.profile
                ),
            ));
        }
    };
    out!(
        "Configuring profile '{}' in 'CloudSSO' authenticate mode...",
        args.profile
    );
    let http = HttpClient::builder()
        .env(env.to_client_env())
        .build()
        .map_err(|e| CliError::usage("HTTP_PROXY/HTTPS_PROXY/ALL_PROXY", e.to_string()))?;
    let portal = Portal::new(&sign_in_url, &env.to_client_env(), http).map_err(|e| match e {
        LoginError::SignInUrl { .. } => CliError::usage("--sign-in-url", e.to_string()),
        other => failed(&other),
    })?;

    let authorization = portal
        .start_device_authorization()
        .await
        .map_err(|e| failed(&e))?;
    if !args.no_browser && has_display(env) {
        open_browser(&authorization.verification_uri_complete);
    }
    out!(
        "If the browser does not open automatically, use the following URL to complete the login process:"
    );
    out!("SignIn url: {}", authorization.verification_uri);
    out!("User code: {}", authorization.user_code);
    out!("Now you can login to your account with SSO configuration in the browser.");
    let token = portal
        .wait_for_access_token(&authorization)
        .await
        .map_err(|e| failed(&e))?;
    out!("You have successfully logged in.");

    let accounts = portal.list_accounts(&token).await.map_err(|e| failed(&e))?;
    let account = choose(
        "--account-id",
        "account",
        args.account_id.as_deref(),
        &accounts,
        |a| (a.account_id.as_str(), a.display_name.as_str()),
    )?;
    out!("Account: {} ({})", account.display_name, account.account_id);
    let configurations = portal
        .list_access_configurations(&token, &account.account_id)
        .await
        .map_err(|e| failed(&e))?;
    let configuration = choose(
        "--access-configuration-id",
        "access configuration",
        args.access_configuration_id.as_deref(),
        &configurations,
        |c| {
            (
                c.access_configuration_id.as_str(),
                c.access_configuration_name.as_str(),
            )
        },
    )?;
    out!(
        "Access configuration: {} ({})",
        configuration.access_configuration_name,
        configuration.access_configuration_id
    );

    let mut profile = CloudSsoProfile::new(
        args.profile.clone(),
        sign_in_url.clone(),
        account.account_id.clone(),
        configuration.access_configuration_id.clone(),
        token.token.clone(),
        token.expires_at,
    );
    profile.region_id.clone_from(&args.region);
    out!("Saving profile[{}] ...", args.profile);
    save_cloud_sso_profile(&path, &profile).map_err(|e| CliError::Input(e.to_string()))?;
    let expires = jiff::Timestamp::from_second(token.expires_at)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| token.expires_at.to_string());
    out!("Saved in {}:", path.display());
    out!("  profile:              {}", args.profile);
    out!("  mode:                 CloudSSO");
    out!("  sign-in URL:          {sign_in_url}");
    out!("  account:              {}", account.account_id);
    out!(
        "  access configuration: {}",
        configuration.access_configuration_id
    );
    out!("  access token expires: {expires}");
    Ok(())
}

/// A sign-in that failed at the portal: exit 1, with the chain of causes.
fn failed(error: &LoginError) -> CliError {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    CliError::Transport(message)
}

/// `ALIBABA_CLOUD_CONFIG_FILE`, else `~/.aliyun/config.json`.
fn config_path(env: &Environment) -> Result<PathBuf, CliError> {
    env.var(ENV_CONFIG_FILE)
        .map(PathBuf::from)
        .or_else(|| env.aliyun_config_path())
        .ok_or_else(|| {
            CliError::usage(
                "HOME",
                "no home directory and no ALIBABA_CLOUD_CONFIG_FILE: nowhere to save the profile",
            )
        })
}

/// The item `wanted` names; else the only one; else the user's pick on a terminal; else a
/// usage error naming `flag` and the choices.
fn choose<'a, T>(
    flag: &str,
    what: &str,
    wanted: Option<&str>,
    items: &'a [T],
    id_and_name: impl Fn(&T) -> (&str, &str),
) -> Result<&'a T, CliError> {
    let listing = || {
        items
            .iter()
            .map(|item| {
                let (id, name) = id_and_name(item);
                format!("{id} ({name})")
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if items.is_empty() {
        return Err(CliError::Transport(format!(
            "no {what} found: the user was granted none"
        )));
    }
    if let Some(wanted) = wanted {
        return items
            .iter()
            .find(|item| id_and_name(item).0 == wanted)
            .ok_or_else(|| {
                CliError::usage(
                    flag,
                    format!(
                        "{what} {wanted:?} is not granted to the user; granted: {}",
                        listing()
                    ),
                )
            });
    }
    if let [only] = items {
        return Ok(only);
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::usage(
            flag,
            format!("several {what}s are granted, choose one: {}", listing()),
        ));
    }
    let labels: Vec<String> = items
        .iter()
        .map(|item| {
            let (id, name) = id_and_name(item);
            format!("{name} ({id})")
        })
        .collect();
    let picked = prompt_choice(
        what,
        &labels,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout(),
    );
    picked
        .and_then(|i| items.get(i))
        .ok_or_else(|| CliError::usage(flag, format!("no {what} chosen")))
}

/// Asks for one of `labels` as the aliyun CLI does (numbered from 1, default 1), again until
/// the answer is a number in range; `None` at the end of the input.
fn prompt_choice(
    what: &str,
    labels: &[String],
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Option<usize> {
    let _ = writeln!(output, "Please choose an {what}:");
    for (n, label) in labels.iter().enumerate() {
        let _ = writeln!(output, "{}. {label}", n + 1);
    }
    loop {
        let _ = write!(output, "Please input the {what} number [1]: ");
        let _ = output.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => return None,
            Ok(_) => {}
        }
        let line = line.trim();
        let n = if line.is_empty() {
            Some(1)
        } else {
            line.parse::<usize>().ok()
        };
        match n {
            Some(n) if (1..=labels.len()).contains(&n) => return Some(n - 1),
            _ => {
                let _ = writeln!(
                    output,
                    "{line:?} is not a number from 1 to {}",
                    labels.len()
                );
            }
        }
    }
}

/// Whether a browser can be shown: macOS and Windows always; elsewhere an X or Wayland
/// display.
fn has_display(env: &Environment) -> bool {
    cfg!(any(target_os = "macos", windows))
        || env.var("DISPLAY").is_some()
        || env.var("WAYLAND_DISPLAY").is_some()
}

/// Opens `url` in the user's browser, without waiting; a failure only leaves the printed URL.
fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("rundll32");
        c.arg("url.dll,FileProtocolHandler");
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        // Reaped in the background so that no zombie is left while the user signs in.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(error) => errln!("note: cannot open a browser ({error})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ask(input: &str) -> (Option<usize>, String) {
        let labels = vec!["dev (1)".to_owned(), "prod (2)".to_owned()];
        let mut output = Vec::new();
        let picked = prompt_choice(
            "account",
            &labels,
            &mut std::io::Cursor::new(input.as_bytes()),
            &mut output,
        );
        (picked, String::from_utf8_lossy(&output).into_owned())
    }

    #[test]
    fn the_prompt_takes_a_number_defaults_to_the_first_and_asks_again() {
        let (picked, shown) = ask("2\n");
        assert_eq!(picked, Some(1));
        assert!(shown.starts_with("Please choose an account:\n1. dev (1)\n2. prod (2)\n"));
        assert_eq!(ask("\n").0, Some(0));
        let (picked, shown) = ask("3\nx\n2\n");
        assert_eq!(picked, Some(1));
        assert!(
            shown.contains("\"3\" is not a number from 1 to 2"),
            "{shown}"
        );
        assert!(shown.contains("\"x\" is not"), "{shown}");
        assert_eq!(ask("").0, None, "end of input: no choice");
        assert_eq!(ask("0\n").0, None);
    }
}
