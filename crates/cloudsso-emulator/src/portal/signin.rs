//! The sign-in checks, in the order a person meets them, each enforcing what the admin API
//! set:
//!
//! 1. SSO: a directory whose SAML SSO logon is on has no username-password logon.
//! 2. `LoginNetworkMasks` (`SetLoginPreference`): when set, the client's address (the TCP
//!    peer; an IPv4-mapped IPv6 address counts as IPv4, other IPv6 addresses match no
//!    mask) must be in one of them.
//! 3. `MaxLoginAttempts` (password policy; 0 means no limit): a user with that many wrong
//!    passwords in the past hour is locked out until an hour after the last one; a completed
//!    sign-in clears the count.
//! 4. The password: the hash `ResetUserPassword` set (a user without one cannot sign in).
//!    The refusal does not say whether the user name or the password was wrong.
//! 5. A disabled user is refused (after the password, so the status is not shown to
//!    someone without it).
//! 6. `RequirePasswordResetForNextLogin`, or a password older than `MaxPasswordAge` days
//!    (from when it was set; 0 never expires): a new password first, checked against the
//!    password policy (length, character classes, different characters, user name, reuse
//!    of the last `PasswordReusePrevention`), and then no longer required.
//! 7. MFA, by the directory's `MFAAuthenticationSettings` (`SetMFAAuthenticationStatus`
//!    writes the same field):
//!    - `Enabled`: every user; a user without a TOTP device binds one, others enter a code.
//!    - `Byuser`: as `Enabled` for users whose own setting
//!      (`UpdateUserMFAAuthenticationSettings`) is `Enabled`, no MFA for the others.
//!    - `OnlyRiskyLogin`: only for an unusual logon; then `OperationForRiskLogin`
//!      `EnforceVerify` is as `Enabled`, `Autonomous` lets a user without a device skip
//!      binding (a user with one enters a code).
//!    - `Disabled`: none.
//!
//!    An **unusual logon** is one from a client address the user has not signed in from
//!    before (since the emulator started): a user's first sign-in is unusual.
//!
//!    Codes: see [`super::totp`] (one use per code, no replay within its period). Wrong
//!    codes count towards `MaxLoginAttempts` as wrong passwords do (six digits would
//!    otherwise fall to guessing), and a locked-out user gets no code checked.

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, SystemTime};

use cloudsso_model::{
    CreateUserStatus, MfaAuthenticationAdvanceSettings, OperationForRiskLogin,
    UserMfaAuthenticationSettings,
};

use super::session::Stage;
use super::{DirectoryRef, UserRef, totp};
use crate::emulator::Emulator;
use crate::error::Failure;
use crate::identity::password;
use crate::identity::{DeviceSecret, MfaDeviceRow, NewDevice, PasswordRow, bind_device};
use crate::state::timestamp;

/// How long failed attempts count, and how long a lockout lasts.
pub(crate) const LOCKOUT_WINDOW: Duration = Duration::from_secs(3600);
/// The refusal for a wrong user name or password.
const WRONG_CREDENTIALS: &str = "The user name or password is incorrect.";
/// The device type and name of devices bound here.
const DEVICE_TYPE: &str = "TOTP";
const DEVICE_NAME: &str = "Virtual MFA device";

/// Whether `peer` is within `masks` (`;`-separated IPv4 addresses and CIDR blocks, as
/// `SetLoginPreference` normalized them); empty masks allow every address.
pub(crate) fn network_allowed(masks: &str, peer: IpAddr) -> bool {
    let entries: Vec<&str> = masks
        .split(';')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if entries.is_empty() {
        return true;
    }
    let peer = match peer {
        IpAddr::V4(v4) => v4,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4,
            None => return false,
        },
    };
    entries.iter().any(|entry| {
        let (address, bits) = entry.split_once('/').unwrap_or((entry, "32"));
        let (Ok(address), Ok(bits)) = (address.parse::<Ipv4Addr>(), bits.parse::<u32>()) else {
            return false;
        };
        if bits > 32 {
            return false;
        }
        let mask = u32::MAX.checked_shl(32 - bits).unwrap_or(0);
        u32::from(address) & mask == u32::from(peer) & mask
    })
}

/// Step 1 to 7 for a user name and password: the next stage, or the refusal to show.
pub(crate) fn password_step(
    emulator: &Emulator,
    directory: &DirectoryRef,
    user_name: &str,
    password: &str,
    peer: IpAddr,
    now: SystemTime,
) -> Result<Stage, String> {
    let store = &emulator.inner().store;
    let found = store.read(&directory.account, |state| {
        let row = state.directory.require(&directory.id).ok()?;
        let user_id = state
            .identity
            .user_names
            .get(&crate::directory::key(
                &directory.id,
                &crate::identity::folded(user_name),
            ))
            .map(|r| r.id.clone());
        let user = user_id
            .as_deref()
            .and_then(|id| state.identity.user(&directory.id, id));
        Some((
            state.directory.sso_enabled(&directory.id),
            row.login_network_masks.clone(),
            row.password_policy.max_login_attempts,
            user_id.clone(),
            user.map(|u| {
                (
                    u.password.as_ref().map(|p| p.hash.clone()),
                    u.status.clone(),
                )
            }),
        ))
    });
    let Some((sso, masks, max_attempts, user_id, user)) = found else {
        return Err(format!(
            "The directory `{}` no longer exists.",
            directory.name
        ));
    };
    if sso {
        return Err(
            "This directory signs users in through its SAML identity provider (SSO logon is \
             on); the emulator's portal offers username-password logon only."
                .to_owned(),
        );
    }
    if !network_allowed(&masks, peer) {
        return Err(format!(
            "Sign-in from your address {peer} is not allowed: it is outside the directory's \
             login network masks."
        ));
    }
    let (Some(user_id), Some((hash, status))) = (user_id, user) else {
        return Err(WRONG_CREDENTIALS.to_owned());
    };
    let user = UserRef {
        directory: directory.clone(),
        user_id,
    };
    let max_attempts = usize::try_from(max_attempts).unwrap_or(0);
    if let Some(until) = locked_until(emulator, &user, max_attempts, now) {
        return Err(locked_message(until));
    }
    if !hash.is_some_and(|h| h.verify(password)) {
        let mut portal = emulator.inner().portal.lock();
        let failures = portal.failures.entry(user.clone()).or_default();
        failures.push(now);
        drop(portal);
        if let Some(until) = locked_until(emulator, &user, max_attempts, now) {
            return Err(locked_message(until));
        }
        return Err(WRONG_CREDENTIALS.to_owned());
    }
    if status != CreateUserStatus::Enabled {
        return Err("This user is disabled; ask an administrator to enable it.".to_owned());
    }
    let must_change = store.read(&directory.account, |state| {
        let max_age = state
            .directory
            .require(&directory.id)
            .map_or(0, |d| d.password_policy.max_password_age);
        state
            .identity
            .user(&directory.id, &user.user_id)
            .and_then(|u| u.password.as_ref())
            .is_some_and(|p| p.require_password_reset_for_next_login || expired(p, max_age, now))
    });
    if must_change {
        return Ok(Stage::ChangePassword(user));
    }
    Ok(mfa_stage(emulator, user, peer))
}

/// Whether `password` is older than `max_age` days (`MaxPasswordAge`; 0 or less: never).
fn expired(password: &PasswordRow, max_age: i64, now: SystemTime) -> bool {
    let Ok(days) = u64::try_from(max_age) else {
        return false;
    };
    if days == 0 {
        return false;
    }
    acs_signer::SigningTime::parse(&password.set_time).is_ok_and(|set| {
        set.to_system_time() + Duration::from_secs(days.saturating_mul(86_400)) <= now
    })
}

/// When the lockout of `user` ends, if locked now.
fn locked_until(
    emulator: &Emulator,
    user: &UserRef,
    max_attempts: usize,
    now: SystemTime,
) -> Option<SystemTime> {
    if max_attempts == 0 {
        return None;
    }
    let portal = emulator.inner().portal.lock();
    let recent: Vec<&SystemTime> = portal
        .failures
        .get(user)?
        .iter()
        .filter(|t| now.duration_since(**t).unwrap_or_default() < LOCKOUT_WINDOW)
        .collect();
    if recent.len() < max_attempts {
        return None;
    }
    recent.last().map(|last| **last + LOCKOUT_WINDOW)
}

fn locked_message(until: SystemTime) -> String {
    format!(
        "Too many wrong passwords or MFA codes: this user is locked out until {} (the \
         directory's MaxLoginAttempts).",
        timestamp(until)
    )
}

/// Step 6: a new password for a user who must change it.
pub(crate) fn change_password(
    emulator: &Emulator,
    user: &UserRef,
    new_password: &str,
    confirmation: &str,
    peer: IpAddr,
    now: SystemTime,
) -> Result<Stage, String> {
    if new_password != confirmation {
        return Err("The two new passwords differ.".to_owned());
    }
    let directory = &user.directory;
    emulator
        .inner()
        .store
        .write(&directory.account, |state| {
            let policy = state
                .directory
                .require(&directory.id)?
                .password_policy
                .clone();
            let row = state
                .identity
                .users
                .get_mut(&crate::directory::key(&directory.id, &user.user_id))
                .ok_or_else(|| message_failure("The user no longer exists."))?;
            if let Some(reason) = password::policy_violation(new_password, &row.user_name, &policy)
            {
                return Err(message_failure(&format!(
                    "The new password breaks the directory's password policy: {reason}."
                )));
            }
            let history = PasswordRow::used(row.password.as_ref());
            // The current password counts as used even when reuse prevention is 0.
            let keep = policy.password_reuse_prevention.max(1);
            if password::reused(new_password, &history, keep) {
                return Err(message_failure(&format!(
                    "The new password must differ from the last {keep} passwords of the user."
                )));
            }
            let stamp = timestamp(now);
            row.password = Some(PasswordRow::replacing(
                row.password.as_ref(),
                new_password,
                stamp.clone(),
                false,
            ));
            row.update_time = stamp;
            Ok(())
        })
        .map_err(|failure| failure.message)?;
    Ok(mfa_stage(emulator, user.clone(), peer))
}

fn message_failure(message: &str) -> Failure {
    Failure::new("PortalRefusal", http::StatusCode::BAD_REQUEST, message)
}

/// The TOTP devices of `user`: state key and row.
fn totp_devices(emulator: &Emulator, user: &UserRef) -> Vec<(String, MfaDeviceRow)> {
    let prefix = format!(
        "{}/",
        crate::directory::key(&user.directory.id, &user.user_id)
    );
    emulator
        .inner()
        .store
        .read(&user.directory.account, |state| {
            state
                .identity
                .mfa_devices
                .prefix(&prefix)
                .filter(|(_, d)| d.device_type == DEVICE_TYPE)
                .map(|(k, d)| (k.to_owned(), d.clone()))
                .collect()
        })
}

/// Step 7: the stage after a right (and current) password.
pub(crate) fn mfa_stage(emulator: &Emulator, user: UserRef, peer: IpAddr) -> Stage {
    let settings = emulator
        .inner()
        .store
        .read(&user.directory.account, |state| {
            let directory = state.directory.require(&user.directory.id).ok()?;
            let own = state
                .identity
                .user(&user.directory.id, &user.user_id)?
                .mfa_authentication_settings
                .clone();
            Some((
                directory.mfa_authentication_advance_settings.clone(),
                directory.operation_for_risk_login.clone(),
                own,
            ))
        });
    let Some((policy, risk, own)) = settings else {
        return Stage::Anonymous;
    };
    let unusual = !emulator
        .inner()
        .portal
        .lock()
        .known_addresses
        .get(&user)
        .is_some_and(|known| known.contains(&peer));
    // (MFA applies, binding may be skipped)
    let applies = match policy {
        MfaAuthenticationAdvanceSettings::Disabled => None,
        MfaAuthenticationAdvanceSettings::ByUser => {
            (own == UserMfaAuthenticationSettings::Enabled).then_some(false)
        }
        MfaAuthenticationAdvanceSettings::OnlyRiskyLogin => {
            unusual.then_some(risk == OperationForRiskLogin::Autonomous)
        }
        // `Enabled`, and any value this emulator does not know: the safe side.
        _ => Some(false),
    };
    let Some(optional) = applies else {
        return Stage::SignedIn(user);
    };
    if totp_devices(emulator, &user).is_empty() {
        Stage::BindMfa {
            user,
            secret: totp::new_secret(),
            optional,
        }
    } else {
        Stage::VerifyMfa(user)
    }
}

/// Whether the user still exists and is enabled.
pub(crate) fn still_enabled(emulator: &Emulator, user: &UserRef) -> bool {
    emulator
        .inner()
        .store
        .read(&user.directory.account, |state| {
            state
                .identity
                .user(&user.directory.id, &user.user_id)
                .is_some_and(|u| u.status == CreateUserStatus::Enabled)
        })
}

/// Binds the TOTP device of `secret` once `code` proves the user's authenticator has it.
pub(crate) fn bind(
    emulator: &Emulator,
    user: &UserRef,
    secret: &[u8],
    code: &str,
    now: SystemTime,
) -> Result<(), String> {
    let step = totp::accepted_step(secret, code, now, None).ok_or_else(|| {
        "That code is not the current code of the new device; check the device's clock and \
         enter the code it shows now."
            .to_owned()
    })?;
    let directory = &user.directory;
    let stamp = timestamp(now);
    let id = emulator
        .inner()
        .store
        .write(&directory.account, |state| {
            bind_device(
                state,
                &directory.id,
                &user.user_id,
                NewDevice {
                    device_type: DEVICE_TYPE.to_owned(),
                    device_name: DEVICE_NAME.to_owned(),
                    secret: DeviceSecret(totp::base32(secret)),
                },
                &stamp,
            )
        })
        .map_err(|failure| format!("The device could not be bound: {}", failure.message))?;
    let key = format!(
        "{}/{id}",
        crate::directory::key(&directory.id, &user.user_id)
    );
    emulator.inner().portal.lock().used_steps.insert(key, step);
    Ok(())
}

/// Checks a code of one of the user's bound TOTP devices (each code once).
pub(crate) fn verify(
    emulator: &Emulator,
    user: &UserRef,
    code: &str,
    now: SystemTime,
) -> Result<(), String> {
    let max_attempts = max_login_attempts(emulator, user);
    if let Some(until) = locked_until(emulator, user, max_attempts, now) {
        return Err(locked_message(until));
    }
    let devices = totp_devices(emulator, user);
    let mut replayed = false;
    for (key, device) in devices {
        let Some(secret) = totp::decode_base32(&device.secret.0) else {
            continue;
        };
        let last = emulator.inner().portal.lock().used_steps.get(&key).copied();
        match totp::accepted_step(&secret, code, now, last) {
            Some(step) => {
                emulator
                    .inner()
                    .portal
                    .lock()
                    .used_steps
                    .insert(key.clone(), step);
                let stamp = timestamp(now);
                let _ = emulator
                    .inner()
                    .store
                    .write(&user.directory.account, |state| {
                        if let Some(row) = state.identity.mfa_devices.get_mut(&key) {
                            row.last_use_time = Some(stamp);
                        }
                        Ok(())
                    });
                return Ok(());
            }
            None => {
                replayed |=
                    last.is_some() && totp::accepted_step(&secret, code, now, None).is_some();
            }
        }
    }
    if replayed {
        return Err(
            "That code was already used; wait for the device to show the next one.".to_owned(),
        );
    }
    emulator
        .inner()
        .portal
        .lock()
        .failures
        .entry(user.clone())
        .or_default()
        .push(now);
    if let Some(until) = locked_until(emulator, user, max_attempts, now) {
        return Err(locked_message(until));
    }
    Err("The MFA code is incorrect.".to_owned())
}

/// The directory's `MaxLoginAttempts` (0: no limit).
fn max_login_attempts(emulator: &Emulator, user: &UserRef) -> usize {
    let attempts = emulator
        .inner()
        .store
        .read(&user.directory.account, |state| {
            state
                .directory
                .require(&user.directory.id)
                .map_or(0, |d| d.password_policy.max_login_attempts)
        });
    usize::try_from(attempts).unwrap_or(0)
}

/// Records a completed sign-in: the address is now a usual one, and the count of wrong
/// passwords and codes starts again (not at the right password alone, or a right password
/// would reset the count of wrong MFA codes).
pub(crate) fn complete(emulator: &Emulator, user: &UserRef, peer: IpAddr) {
    let mut portal = emulator.inner().portal.lock();
    portal
        .known_addresses
        .entry(user.clone())
        .or_default()
        .insert(peer);
    portal.failures.remove(user);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_masks_match_addresses_and_blocks() {
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        assert!(network_allowed("", local));
        assert!(network_allowed("127.0.0.0/8", local));
        assert!(network_allowed("10.0.0.1;127.0.0.1", local));
        assert!(!network_allowed("10.0.0.0/8", local));
        assert!(!network_allowed("127.0.0.2", local));
        assert!(network_allowed("0.0.0.0/0", local));
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert!(network_allowed("127.0.0.0/8", mapped));
        let v6: IpAddr = "::1".parse().unwrap();
        assert!(!network_allowed("127.0.0.0/8", v6));
        assert!(network_allowed("", v6));
    }
}
