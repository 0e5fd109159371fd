//! The pages a person signs in with, server-rendered, each form posting back to its own
//! page (then a `303` to the next one):
//!
//! | page | what |
//! | --- | --- |
//! | `GET/POST /<DirectoryName>/login` | the sign-in: user name and password, then as [`super::signin`] decides a new password, a TOTP device to bind (its secret as text and as an `otpauth://` URI) or a code; once signed in, the accounts and access configurations granted, and sign-out |
//! | `GET/POST /device/code` | the device verification: the user code (filled in from `?user_code=`), then the sign-in of the code's directory, then Approve or Deny |
//!
//! Every POST must carry the session's CSRF token (else `403`). No secret is put in a URL
//! or a log: passwords, codes and the TOTP secret travel in POST bodies and pages only.

use std::net::IpAddr;
use std::time::SystemTime;

use bytes::Bytes;
use http::{Method, StatusCode};

use super::device::{self, ApprovalError};
use super::html::{self, escape};
use super::session::{self, Current, Form, Stage};
use super::{DirectoryRef, UserRef, signin, totp};
use crate::emulator::Emulator;

/// The verification page's path.
pub(crate) const DEVICE_PAGE: &str = "/device/code";

/// Routes a page request.
pub(crate) fn route(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    peer: IpAddr,
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    let path = request.uri().path();
    let method = request.method();
    if method != Method::GET && method != Method::POST {
        return html::page(
            StatusCode::METHOD_NOT_ALLOWED,
            "Method not allowed",
            None,
            "<p>Pages take GET and POST.</p>",
        );
    }
    if path == DEVICE_PAGE {
        return device_page(emulator, request, peer, now);
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let [name, "login"] = segments.as_slice() {
        let name = percent_encoding::percent_decode_str(name)
            .decode_utf8_lossy()
            .into_owned();
        return match super::find_directory(&emulator.inner().store, &name) {
            Some(directory) => login_page(emulator, request, &directory, peer, now),
            None => not_found(&format!("There is no directory named `{name}`.")),
        };
    }
    not_found("There is no page here.")
}

fn not_found(message: &str) -> http::Response<Vec<u8>> {
    html::page(
        StatusCode::NOT_FOUND,
        "Not found",
        None,
        &format!("<p>{}</p>", escape(message)),
    )
}

fn forbidden() -> http::Response<Vec<u8>> {
    html::page(
        StatusCode::FORBIDDEN,
        "Form expired",
        Some("The form was not sent by this session (missing or wrong CSRF token)."),
        "<p>Open the page again and submit the form from there.</p>",
    )
}

fn login_path(directory: &DirectoryRef) -> String {
    let name =
        percent_encoding::utf8_percent_encode(&directory.name, percent_encoding::NON_ALPHANUMERIC);
    format!("/{name}/login")
}

/// `/<DirectoryName>/login`.
fn login_page(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    directory: &DirectoryRef,
    peer: IpAddr,
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    let mut current = session::current(emulator, request, now);
    if current.session.directory.as_ref() != Some(directory) {
        current.session.directory = Some(directory.clone());
        current.session.stage = Stage::Anonymous;
    }
    let here = login_path(directory);
    if request.method() == Method::GET {
        session::save(emulator, &current);
        let response = render_stage(emulator, &current, directory, None, StatusCode::OK);
        return session::with_cookie(response, &current);
    }
    let form = Form::parse(request);
    if !session::csrf_ok(&current, &form) {
        return forbidden();
    }
    let step = form.get("step");
    let outcome: Result<Stage, String> = match (&current.session.stage, step) {
        (_, "sign-out") => {
            session::remove(emulator, &current);
            return html::redirect(&here);
        }
        (Stage::Anonymous, "password") => signin::password_step(
            emulator,
            directory,
            form.get("username"),
            form.get("password"),
            peer,
            now,
        ),
        (Stage::ChangePassword(user), "change-password") => signin::change_password(
            emulator,
            user,
            form.get("new_password"),
            form.get("confirm_password"),
            peer,
            now,
        ),
        (
            Stage::BindMfa {
                user,
                secret,
                optional,
            },
            "bind-mfa" | "skip-mfa",
        ) => {
            if step == "skip-mfa" {
                if *optional {
                    Ok(Stage::SignedIn(user.clone()))
                } else {
                    Err("Binding an MFA device is required.".to_owned())
                }
            } else {
                signin::bind(emulator, user, secret, form.get("code"), now)
                    .map(|()| Stage::SignedIn(user.clone()))
            }
        }
        (Stage::VerifyMfa(user), "verify-mfa") => {
            signin::verify(emulator, user, form.get("code"), now)
                .map(|()| Stage::SignedIn(user.clone()))
        }
        // A form of an earlier stage (back button, second tab): show where things are.
        _ => return html::redirect(&here),
    };
    match outcome {
        Ok(stage) => {
            if let Some(user) = stage.user()
                && !signin::still_enabled(emulator, user)
            {
                current.session.stage = Stage::Anonymous;
                session::save(emulator, &current);
                let response = render_stage(
                    emulator,
                    &current,
                    directory,
                    Some("This user is disabled; ask an administrator to enable it."),
                    StatusCode::FORBIDDEN,
                );
                return session::with_cookie(response, &current);
            }
            if let Stage::SignedIn(user) = &stage {
                signin::complete(emulator, user, peer);
                session::rotate(emulator, &mut current);
            }
            current.session.stage = stage;
            session::save(emulator, &current);
            let next = if matches!(current.session.stage, Stage::SignedIn(_))
                && current.session.user_code.is_some()
            {
                DEVICE_PAGE.to_owned()
            } else {
                here
            };
            session::with_cookie(html::redirect(&next), &current)
        }
        Err(message) => {
            session::save(emulator, &current);
            let status = if matches!(current.session.stage, Stage::Anonymous) {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::BAD_REQUEST
            };
            let response = render_stage(emulator, &current, directory, Some(&message), status);
            session::with_cookie(response, &current)
        }
    }
}

/// The page of the session's stage.
fn render_stage(
    emulator: &Emulator,
    current: &Current,
    directory: &DirectoryRef,
    alert: Option<&str>,
    status: StatusCode,
) -> http::Response<Vec<u8>> {
    let here = login_path(directory);
    let csrf = &current.session.csrf;
    let pending = current
        .session
        .user_code
        .as_ref()
        .map(|code| {
            format!(
                "<p class=\"note\">Sign in to approve the command-line sign-in with code \
                 <strong>{}</strong>.</p>",
                escape(code)
            )
        })
        .unwrap_or_default();
    match &current.session.stage {
        Stage::Anonymous => {
            let fields = format!(
                "{}{}",
                html::input("username", "User name", "text", "username", ""),
                html::input("password", "Password", "password", "current-password", "")
            );
            let body = format!(
                "{pending}<p>Directory <strong>{}</strong></p>{}",
                escape(&directory.name),
                html::form(&here, csrf, &fields, &[("password", "Sign in")])
            );
            html::page(status, "Sign in", alert, &body)
        }
        Stage::ChangePassword(_) => {
            let fields = format!(
                "{}{}",
                html::input(
                    "new_password",
                    "New password",
                    "password",
                    "new-password",
                    ""
                ),
                html::input(
                    "confirm_password",
                    "Confirm new password",
                    "password",
                    "new-password",
                    ""
                )
            );
            let body = format!(
                "<p>Your password must be changed before you continue (your administrator asked \
                 for it, or it is older than the password policy allows).</p>{}",
                html::form(
                    &here,
                    csrf,
                    &fields,
                    &[("change-password", "Change password")]
                )
            );
            html::page(status, "Change your password", alert, &body)
        }
        Stage::BindMfa {
            user,
            secret,
            optional,
        } => {
            let account = user_name(emulator, user);
            let key = totp::base32(secret);
            let uri =
                totp::otpauth_uri(secret, &format!("{account}@{}", directory.name), "CloudSSO");
            let fields = html::input("code", "Code from the device", "text", "one-time-code", "");
            let mut buttons = vec![("bind-mfa", "Bind device")];
            if *optional {
                buttons.push(("skip-mfa", "Skip for now"));
            }
            let body = format!(
                "<p>Your directory requires a virtual MFA device (TOTP: 6 digits, 30 \
                 seconds, SHA-1). Add this key to an authenticator app, then enter the code \
                 it shows.</p><dl><dt>Secret key</dt><dd><code id=\"totp-secret\">{}</code>\
                 </dd><dt>otpauth URI</dt><dd><code id=\"totp-uri\">{}</code></dd></dl>{}",
                escape(&key),
                escape(&uri),
                html::form(&here, csrf, &fields, &buttons)
            );
            html::page(status, "Bind an MFA device", alert, &body)
        }
        Stage::VerifyMfa(_) => {
            let fields = html::input("code", "MFA code", "text", "one-time-code", "");
            let body = format!(
                "<p>Enter the code your virtual MFA device shows.</p>{}",
                html::form(&here, csrf, &fields, &[("verify-mfa", "Verify")])
            );
            html::page(status, "MFA verification", alert, &body)
        }
        Stage::SignedIn(user) => {
            let grants = super::listings::grants_of(emulator, user);
            let names = emulator.inner().store.read(&directory.account, |state| {
                grants
                    .iter()
                    .flat_map(|(account, acs)| {
                        acs.iter().map(move |ac| {
                            let name = state
                                .access
                                .access_configurations
                                .get(&crate::access::key(&directory.id, ac))
                                .map_or_else(
                                    || ac.clone(),
                                    |r| r.access_configuration_name.clone(),
                                );
                            (account.clone(), name)
                        })
                    })
                    .collect::<Vec<_>>()
            });
            let rows: String = names
                .iter()
                .map(|(account, name)| {
                    format!(
                        "<tr><td>{}</td><td>{}</td></tr>",
                        escape(account),
                        escape(name)
                    )
                })
                .collect();
            let table = if rows.is_empty() {
                "<p>No access has been assigned to you yet.</p>".to_owned()
            } else {
                format!(
                    "<table><caption>Your access</caption><thead><tr><th scope=\"col\">Account</th>\
                     <th scope=\"col\">Access configuration</th></tr></thead><tbody>{rows}</tbody></table>"
                )
            };
            let body = format!(
                "<p id=\"signed-in\">Signed in as <strong>{}</strong> to directory \
                 <strong>{}</strong>.</p>{table}{}",
                escape(&user_name(emulator, user)),
                escape(&directory.name),
                html::form(&here, csrf, "", &[("sign-out", "Sign out")])
            );
            html::page(status, "CloudSSO user portal", alert, &body)
        }
    }
}

fn user_name(emulator: &Emulator, user: &UserRef) -> String {
    emulator
        .inner()
        .store
        .read(&user.directory.account, |state| {
            state
                .identity
                .user(&user.directory.id, &user.user_id)
                .map(|u| u.user_name.clone())
                .unwrap_or_default()
        })
}

/// `/device/code`.
fn device_page(
    emulator: &Emulator,
    request: &http::Request<Bytes>,
    peer: IpAddr,
    now: SystemTime,
) -> http::Response<Vec<u8>> {
    let _ = peer;
    let mut current = session::current(emulator, request, now);
    if request.method() == Method::GET {
        let typed = super::api::query(request)
            .into_iter()
            .find(|(k, _)| k == "user_code")
            .map(|(_, v)| device::normalize_user_code(&v))
            .unwrap_or_default();
        session::save(emulator, &current);
        let response = match (&current.session.user_code, &current.session.stage) {
            (Some(code), Stage::SignedIn(user)) if typed.is_empty() || &typed == code => {
                approve_form(&current, user, code, None, StatusCode::OK)
            }
            _ => code_form(&current, &typed, None, StatusCode::OK),
        };
        return session::with_cookie(response, &current);
    }
    let form = Form::parse(request);
    if !session::csrf_ok(&current, &form) {
        return forbidden();
    }
    match form.get("step") {
        "code" => {
            let code = device::normalize_user_code(form.get("user_code"));
            match device::pending_directory(emulator, &code, now) {
                Ok(directory) => {
                    current.session.user_code = Some(code);
                    let signed_in = matches!(&current.session.stage, Stage::SignedIn(u) if u.directory == directory);
                    if signed_in {
                        session::save(emulator, &current);
                        return html::redirect(DEVICE_PAGE);
                    }
                    current.session.directory = Some(directory.clone());
                    current.session.stage = Stage::Anonymous;
                    session::save(emulator, &current);
                    html::redirect(&login_path(&directory))
                }
                Err(error) => {
                    let message = approval_message(&error);
                    code_form(&current, &code, Some(message), StatusCode::BAD_REQUEST)
                }
            }
        }
        step @ ("approve" | "deny") => {
            let (Some(code), Stage::SignedIn(user)) = (
                current.session.user_code.clone(),
                current.session.stage.clone(),
            ) else {
                return html::redirect(DEVICE_PAGE);
            };
            if !signin::still_enabled(emulator, &user) {
                current.session.stage = Stage::Anonymous;
                session::save(emulator, &current);
                return code_form(
                    &current,
                    &code,
                    Some("This user is disabled; ask an administrator to enable it."),
                    StatusCode::FORBIDDEN,
                );
            }
            let approve = step == "approve";
            match device::decide(emulator, &code, &user, approve, now) {
                Ok(()) => {
                    current.session.user_code = None;
                    session::save(emulator, &current);
                    let (title, text) = if approve {
                        (
                            "Sign-in approved",
                            "The command-line sign-in is approved. You can close this window \
                             and return to the command line.",
                        )
                    } else {
                        (
                            "Sign-in denied",
                            "The command-line sign-in was denied. You can close this window.",
                        )
                    };
                    html::page(
                        StatusCode::OK,
                        title,
                        None,
                        &format!("<p id=\"done\" role=\"status\">{text}</p>"),
                    )
                }
                Err(error) => {
                    current.session.user_code = None;
                    session::save(emulator, &current);
                    code_form(
                        &current,
                        "",
                        Some(approval_message(&error)),
                        StatusCode::CONFLICT,
                    )
                }
            }
        }
        _ => html::redirect(DEVICE_PAGE),
    }
}

fn approval_message(error: &ApprovalError) -> &'static str {
    match error {
        ApprovalError::Unknown => {
            "That code is unknown or has expired. Start the sign-in on the command line again."
        }
        ApprovalError::Decided => {
            "That code was already approved or denied; it cannot be used again."
        }
        ApprovalError::OtherDirectory => {
            "That code belongs to another directory than the one you are signed in to."
        }
    }
}

fn code_form(
    current: &Current,
    typed: &str,
    alert: Option<&str>,
    status: StatusCode,
) -> http::Response<Vec<u8>> {
    let fields = html::input("user_code", "User code", "text", "off", typed);
    let body = format!(
        "<p>Enter the user code the command line shows.</p>{}",
        html::form(
            DEVICE_PAGE,
            &current.session.csrf,
            &fields,
            &[("code", "Next")]
        )
    );
    html::page(status, "Device sign-in", alert, &body)
}

fn approve_form(
    current: &Current,
    user: &UserRef,
    code: &str,
    alert: Option<&str>,
    status: StatusCode,
) -> http::Response<Vec<u8>> {
    let body = format!(
        "<p>A command-line tool asks to sign in to directory <strong>{}</strong> as you \
         (user code <strong id=\"user-code\">{}</strong>). Approve it only if you started it.</p>{}",
        escape(&user.directory.name),
        escape(code),
        html::form(
            DEVICE_PAGE,
            &current.session.csrf,
            "",
            &[("approve", "Approve"), ("deny", "Deny")]
        )
    );
    html::page(status, "Approve sign-in", alert, &body)
}
