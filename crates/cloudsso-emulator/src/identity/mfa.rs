//! A user's own MFA setting and MFA devices.

use cloudsso_model::{
    DeleteMfaDeviceForUser, DeleteMfaDeviceForUserRequest, DeleteMfaDeviceForUserResponse,
    DeviceType, GetUserMfaAuthenticationSettings, GetUserMfaAuthenticationSettingsRequest,
    GetUserMfaAuthenticationSettingsResponse, ListMfaDevicesForUser, ListMfaDevicesForUserRequest,
    ListMfaDevicesForUserResponse, MfaDevice, UpdateUserMfaAuthenticationSettings,
    UpdateUserMfaAuthenticationSettingsRequest, UpdateUserMfaAuthenticationSettingsResponse,
    UserMfaAuthenticationSettings,
};
use http::StatusCode;

use super::{DeviceSecret, MAX_MFA_DEVICES, MfaDeviceRow, user_not_found};
use crate::directory::{self, key};
use crate::error::Failure;
use crate::params;
use crate::service::{Context, Served};
use crate::state::{AccountState, timestamp};

/// A device to bind to a user (the portal binds devices: a later feature; the seed too).
#[derive(Debug, Clone)]
pub(crate) struct NewDevice {
    pub(crate) device_type: String,
    pub(crate) device_name: String,
    pub(crate) secret: DeviceSecret,
}

/// Binds `device` to user `user` of `directory` at `now` and returns its `mfa-` ID: at most
/// two devices per user (`QuotaExceeded.MFADevice`).
pub(crate) fn bind_device(
    state: &mut AccountState,
    directory: &str,
    user: &str,
    device: NewDevice,
    now: &str,
) -> Result<String, Failure> {
    state.identity.require_user(directory, user)?;
    let below = format!("{}/", key(directory, user));
    if state.identity.mfa_devices.prefix(&below).count() >= MAX_MFA_DEVICES {
        return Err(Failure::new(
            "QuotaExceeded.MFADevice",
            StatusCode::CONFLICT,
            format!(
                "The user `{user}` has {MAX_MFA_DEVICES} MFA devices, the most a user can have."
            ),
        ));
    }
    let id = loop {
        let id = crate::ids::resource_id("mfa-");
        if !state
            .identity
            .mfa_devices
            .contains_key(&format!("{below}{id}"))
        {
            break id;
        }
    };
    state.identity.mfa_devices.insert(
        format!("{below}{id}"),
        MfaDeviceRow {
            device_type: device.device_type,
            device_name: device.device_name,
            effective_time: now.to_owned(),
            last_use_time: None,
            secret: device.secret,
        },
    );
    Ok(id)
}

/// `GetUserMFAAuthenticationSettings`: the user's own setting (`Enabled` for a new user).
impl Served for GetUserMfaAuthenticationSettings {
    fn serve(
        context: &Context<'_>,
        request: &GetUserMfaAuthenticationSettingsRequest,
    ) -> Result<GetUserMfaAuthenticationSettingsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let user = params::required_text::<Self>("UserId", &request.user_id)?;
        let setting = context.read(|state| {
            state.directory.require(directory)?;
            state
                .identity
                .require_user(directory, user)
                .map(|row| row.mfa_authentication_settings.clone())
        })?;
        Ok(GetUserMfaAuthenticationSettingsResponse::builder()
            .user_mfa_authentication_settings(setting)
            .request_id(context.request_id())
            .build())
    }
}

/// `UpdateUserMFAAuthenticationSettings`: sets the user's own setting (`Enabled` or
/// `Disabled`, required).
impl Served for UpdateUserMfaAuthenticationSettings {
    fn serve(
        context: &Context<'_>,
        request: &UpdateUserMfaAuthenticationSettingsRequest,
    ) -> Result<UpdateUserMfaAuthenticationSettingsResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let user = params::required_text::<Self>("UserId", &request.user_id)?;
        // Any value but `Enabled` and `Disabled` was refused on decode.
        let setting = params::required::<Self, UserMfaAuthenticationSettings>(
            "UserMFAAuthenticationSettings",
            &request.user_mfa_authentication_settings,
        )?
        .clone();
        let now = timestamp(context.now);
        context.write(|state| {
            state.directory.require(directory)?;
            let row = state
                .identity
                .users
                .get_mut(&key(directory, user))
                .ok_or_else(|| user_not_found(directory, user))?;
            if row.mfa_authentication_settings != setting {
                row.mfa_authentication_settings = setting;
                row.update_time = now;
            }
            Ok(())
        })?;
        Ok(UpdateUserMfaAuthenticationSettingsResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}

/// `ListMFADevicesForUser`: the user's devices (at most two, not paginated), oldest first;
/// never their secrets.
impl Served for ListMfaDevicesForUser {
    fn serve(
        context: &Context<'_>,
        request: &ListMfaDevicesForUserRequest,
    ) -> Result<ListMfaDevicesForUserResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let user = params::required_text::<Self>("UserId", &request.user_id)?;
        let devices: Vec<MfaDevice> = context.read(|state| {
            state.directory.require(directory)?;
            state.identity.require_user(directory, user)?;
            let below = format!("{}/", key(directory, user));
            Ok::<_, Failure>(
                state
                    .identity
                    .mfa_devices
                    .prefix(&below)
                    .map(|(device_key, row)| {
                        #[allow(clippy::field_reassign_with_default)]
                        let view = {
                            let mut view = MfaDevice::default();
                            view.device_id = Some(directory::id_of(device_key).to_owned());
                            view.device_type = Some(DeviceType::from(row.device_type.as_str()));
                            view.device_name = Some(row.device_name.clone());
                            view.effective_time = Some(row.effective_time.clone());
                            view.last_use_time = row.last_use_time.clone();
                            view.user_id = Some(user.to_owned());
                            view
                        };
                        view
                    })
                    .collect(),
            )
        })?;
        let total = i64::try_from(devices.len()).unwrap_or(i64::MAX);
        Ok(ListMfaDevicesForUserResponse::builder()
            .mfa_devices(devices)
            .total_counts(total)
            .request_id(context.request_id())
            .build())
    }
}

/// `DeleteMFADeviceForUser`: unbinds the device (`MFADeviceId` required);
/// `EntityNotExists.MFADevice` for a device the user does not have. `MfaType` (not
/// published) is accepted and ignored.
impl Served for DeleteMfaDeviceForUser {
    fn serve(
        context: &Context<'_>,
        request: &DeleteMfaDeviceForUserRequest,
    ) -> Result<DeleteMfaDeviceForUserResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let user = params::required_text::<Self>("UserId", &request.user_id)?;
        let device = params::required_text::<Self>("MFADeviceId", &request.mfa_device_id)?;
        context.write(|state| {
            state.directory.require(directory)?;
            state.identity.require_user(directory, user)?;
            let device_key = format!("{}/{device}", key(directory, user));
            state
                .identity
                .mfa_devices
                .remove(&device_key)
                .map(|_| ())
                .ok_or_else(|| {
                    Failure::new(
                        "EntityNotExists.MFADevice",
                        StatusCode::NOT_FOUND,
                        format!("The user `{user}` has no MFA device `{device}`."),
                    )
                })
        })?;
        Ok(DeleteMfaDeviceForUserResponse::builder()
            .request_id(context.request_id())
            .build())
    }
}
