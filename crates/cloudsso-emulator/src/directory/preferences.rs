//! The directory's logon preference, password policy and attribute passing.

use std::net::Ipv4Addr;

use cloudsso_model::{
    AttributePassingSetting, GetAttributePassingSetting, GetAttributePassingSettingRequest,
    GetAttributePassingSettingResponse, GetLoginPreference, GetLoginPreferenceRequest,
    GetLoginPreferenceResponse, GetPasswordPolicy, GetPasswordPolicyRequest,
    GetPasswordPolicyResponse, LoginPreference, PasswordPolicy, SetLoginPreference,
    SetLoginPreferenceRequest, SetLoginPreferenceResponse, SetPasswordPolicy,
    SetPasswordPolicyRequest, SetPasswordPolicyResponse, SourceIdentityPassing,
    UpdateAttributePassingSetting, UpdateAttributePassingSettingRequest,
    UpdateAttributePassingSettingResponse,
};

use super::MAX_PASSWORD_LENGTH;
use crate::error::Failure;
use crate::params;
use crate::service::{Context, Served};

/// The most earlier passwords `PasswordReusePrevention` can name (documented).
const MAX_REUSE_PREVENTION: i64 = 24;

/// The most entries of `LoginNetworkMasks` (documented).
const MAX_NETWORK_MASKS: usize = 100;

/// `LoginNetworkMasks` checked and normalized: `;`-separated IPv4 addresses or CIDR blocks
/// (spaces around entries dropped), at most 100; `;` alone (or empty) clears the list.
fn network_masks(value: &str) -> Result<String, Failure> {
    let expected = "at most 100 IPv4 addresses or CIDR blocks separated by `;` (e.g. \
                    192.168.0.0/16;10.0.0.1), or `;` to clear the list";
    let entries: Vec<&str> = value
        .split(';')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if entries.len() > MAX_NETWORK_MASKS {
        return Err(params::invalid("LoginNetworkMasks", value, expected));
    }
    for entry in &entries {
        let (address, bits) = match entry.split_once('/') {
            Some((address, bits)) => (address, Some(bits)),
            None => (*entry, None),
        };
        let address_ok = address.parse::<Ipv4Addr>().is_ok();
        let bits_ok = bits.is_none_or(|b| {
            b.len() <= 2
                && b.bytes().all(|c| c.is_ascii_digit())
                && b.parse::<u8>().is_ok_and(|n| n <= 32)
        });
        if !address_ok || !bits_ok {
            return Err(params::invalid("LoginNetworkMasks", entry, expected));
        }
    }
    Ok(entries.join(";"))
}

/// `SetLoginPreference`: `AllowUserToGetCredentials` and `LoginNetworkMasks`, each kept
/// when omitted; `LoginNetworkMasks=;` clears the list (documented).
impl Served for SetLoginPreference {
    fn serve(
        context: &Context<'_>,
        request: &SetLoginPreferenceRequest,
    ) -> Result<SetLoginPreferenceResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let masks = request
            .login_network_masks
            .as_deref()
            .map(network_masks)
            .transpose()?;
        context.write(|state| {
            let row = state.directory.require_mut(id)?;
            if let Some(allow) = request.allow_user_to_get_credentials {
                row.allow_user_to_get_credentials = allow;
            }
            if let Some(masks) = masks {
                row.login_network_masks = masks;
            }
            Ok(())
        })?;
        Ok(SetLoginPreferenceResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `GetLoginPreference`: `AllowUserToGetCredentials` (default false) and
/// `LoginNetworkMasks` (omitted while empty: any network may log on).
impl Served for GetLoginPreference {
    fn serve(
        context: &Context<'_>,
        request: &GetLoginPreferenceRequest,
    ) -> Result<GetLoginPreferenceResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let preference = context.read(|state| {
            state.directory.require(id).map(|row| {
                let mut preference = LoginPreference::builder()
                    .allow_user_to_get_credentials(row.allow_user_to_get_credentials);
                if !row.login_network_masks.is_empty() {
                    preference = preference.login_network_masks(row.login_network_masks.clone());
                }
                preference.build()
            })
        })?;
        Ok(GetLoginPreferenceResponse::builder()
            .login_preference(preference)
            .request_id(context.request_id())
            .build())
    }
}

/// `SetPasswordPolicy`: each parameter given (within its documented range) replaces its
/// part of the policy; omitted ones are kept. `MinPasswordDifferentChars` may not exceed
/// `MinPasswordLength` (documented), checked on the policy that results.
impl Served for SetPasswordPolicy {
    fn serve(
        context: &Context<'_>,
        request: &SetPasswordPolicyRequest,
    ) -> Result<SetPasswordPolicyResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let min_length = params::integer::<Self>("MinPasswordLength", request.min_password_length)?;
        let different = params::integer::<Self>(
            "MinPasswordDifferentChars",
            request.min_password_different_chars,
        )?;
        let max_age = params::integer::<Self>("MaxPasswordAge", request.max_password_age)?;
        let attempts = params::integer::<Self>("MaxLoginAttempts", request.max_login_attempts)?;
        let reuse =
            params::integer::<Self>("PasswordReusePrevention", request.password_reuse_prevention)?;
        // Documented ranges the API description does not carry as limits.
        if let Some(n) = reuse.filter(|n| !(0..=MAX_REUSE_PREVENTION).contains(n)) {
            return Err(params::invalid(
                "PasswordReusePrevention",
                &n.to_string(),
                &format!("an integer from 0 to {MAX_REUSE_PREVENTION}"),
            ));
        }
        if let Some(n) = different.filter(|n| !(0..=MAX_PASSWORD_LENGTH).contains(n)) {
            return Err(params::invalid(
                "MinPasswordDifferentChars",
                &n.to_string(),
                "an integer from 0 to MinPasswordLength",
            ));
        }
        context.write(|state| {
            let row = state.directory.require_mut(id)?;
            let mut policy = row.password_policy.clone();
            if let Some(n) = min_length {
                policy.min_password_length = n;
            }
            if let Some(n) = different {
                policy.min_password_different_chars = n;
            }
            if let Some(n) = max_age {
                policy.max_password_age = n;
            }
            if let Some(n) = attempts {
                policy.max_login_attempts = n;
            }
            if let Some(n) = reuse {
                policy.password_reuse_prevention = n;
            }
            if let Some(flag) = request.password_not_contain_username {
                policy.password_not_contain_username = flag;
            }
            if policy.min_password_different_chars > policy.min_password_length {
                return Err(params::invalid(
                    "MinPasswordDifferentChars",
                    &policy.min_password_different_chars.to_string(),
                    &format!("at most MinPasswordLength ({})", policy.min_password_length),
                ));
            }
            row.password_policy = policy;
            Ok(())
        })?;
        Ok(SetPasswordPolicyResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `GetPasswordPolicy`: the policy, with what the API cannot change: `MaxPasswordLength`
/// 32, upper-case and lower-case letters, digits and symbols all required, `HardExpire`
/// false (an expired password must be changed at logon, not locked out).
impl Served for GetPasswordPolicy {
    fn serve(
        context: &Context<'_>,
        request: &GetPasswordPolicyRequest,
    ) -> Result<GetPasswordPolicyResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let policy = context.read(|state| {
            state.directory.require(id).map(|row| {
                let p = &row.password_policy;
                PasswordPolicy::builder()
                    .min_password_length(p.min_password_length)
                    .max_password_length(MAX_PASSWORD_LENGTH)
                    .min_password_different_chars(p.min_password_different_chars)
                    .max_password_age(p.max_password_age)
                    .max_login_attempts(p.max_login_attempts)
                    .password_reuse_prevention(p.password_reuse_prevention)
                    .password_not_contain_username(p.password_not_contain_username)
                    .require_upper_case_chars(true)
                    .require_lower_case_chars(true)
                    .require_numbers(true)
                    .require_symbols(true)
                    .hard_expire(false)
                    .build()
            })
        })?;
        Ok(GetPasswordPolicyResponse::builder()
            .password_policy(policy)
            .request_id(context.request_id())
            .build())
    }
}

/// `GetAttributePassingSetting`: `SourceIdentityPassing` (default `Disabled`).
impl Served for GetAttributePassingSetting {
    fn serve(
        context: &Context<'_>,
        request: &GetAttributePassingSettingRequest,
    ) -> Result<GetAttributePassingSettingResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let passing = context.read(|state| {
            state
                .directory
                .require(id)
                .map(|row| row.source_identity_passing.clone())
        })?;
        Ok(GetAttributePassingSettingResponse::builder()
            .attribute_passing_setting(
                AttributePassingSetting::builder()
                    .source_identity_passing(passing)
                    .build(),
            )
            .request_id(context.request_id())
            .build())
    }
}

/// `UpdateAttributePassingSetting`: sets `SourceIdentityPassing` (`IdP`, `UserName` or
/// `Disabled`, required).
impl Served for UpdateAttributePassingSetting {
    fn serve(
        context: &Context<'_>,
        request: &UpdateAttributePassingSettingRequest,
    ) -> Result<UpdateAttributePassingSettingResponse, Failure> {
        let id = params::directory::<Self>(&request.directory_id)?;
        let passing = params::required::<Self, SourceIdentityPassing>(
            "SourceIdentityPassing",
            &request.source_identity_passing,
        )?
        .clone();
        context.write(|state| {
            state.directory.require_mut(id)?.source_identity_passing = passing;
            Ok(())
        })?;
        Ok(UpdateAttributePassingSettingResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}
