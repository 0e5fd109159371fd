//! What operations read besides the state: the member accounts, how tasks move on, and the
//! other knobs a test harness sets.

use std::collections::BTreeSet;
use std::time::Duration;

/// When an asynchronous operation's task (`CreateAccessAssignment`,
/// `DeleteAccessAssignment`, `ProvisionAccessConfiguration`,
/// `DeprovisionAccessConfiguration`) goes from `InProgress` to its end state, as moto's
/// state manager has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskTransition {
    /// The task is finished when created: the first status read says `Success`.
    Immediate,
    /// The first N status reads (`GetTaskStatus`, `GetTask`) say `InProgress`, the next
    /// ones `Success`.
    AfterReads(u32),
    /// `InProgress` until this long after the task's creation, then `Success`.
    After(Duration),
}

impl Default for TaskTransition {
    /// One read in progress: a client polls at least once (`InProgress`, then `Success`).
    fn default() -> Self {
        Self::AfterReads(1)
    }
}

impl std::fmt::Display for TaskTransition {
    /// `immediate`, `reads:N` or `seconds:S`: what [`FromStr`](std::str::FromStr) reads.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Immediate => f.write_str("immediate"),
            Self::AfterReads(n) => write!(f, "reads:{n}"),
            Self::After(duration) => write!(f, "seconds:{}", duration.as_secs_f64()),
        }
    }
}

/// A [`TaskTransition`] that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "task transition `{value}` is invalid; expected `immediate`, `reads:N` (N status reads in \
     progress) or `seconds:S` (in progress for S seconds, e.g. 2.5)"
)]
pub struct TaskTransitionError {
    value: String,
}

impl std::str::FromStr for TaskTransition {
    type Err = TaskTransitionError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let error = || TaskTransitionError {
            value: value.chars().take(64).collect(),
        };
        if value.eq_ignore_ascii_case("immediate") {
            return Ok(Self::Immediate);
        }
        let (kind, number) = value.split_once(':').ok_or_else(error)?;
        match kind.to_ascii_lowercase().as_str() {
            "reads" => number.parse().map(Self::AfterReads).map_err(|_| error()),
            "seconds" => number
                .parse::<f64>()
                .ok()
                .and_then(|s| Duration::try_from_secs_f64(s).ok())
                .map(Self::After)
                .ok_or_else(error),
            _ => Err(error()),
        }
    }
}

/// The settings operations see through `Context::settings`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub(crate) struct Settings {
    /// The accounts of the resource directory; `None`: every 16-digit account ID.
    pub(crate) member_accounts: Option<BTreeSet<String>>,
    /// How tasks move on.
    pub(crate) task_transition: TaskTransition,
    /// The directories configured at start (`DeleteDirectory` remembers deleting one).
    pub(crate) configured_directories: BTreeSet<String>,
    /// The quotas of every directory (`GetDirectoryStatistics`), enforced on create.
    pub(crate) quotas: crate::directory::Quotas,
    /// The most directories `CreateDirectory` lets an account hold (the service: one per
    /// management account).
    pub(crate) directory_quota: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            member_accounts: None,
            task_transition: TaskTransition::default(),
            configured_directories: BTreeSet::new(),
            quotas: crate::directory::Quotas::default(),
            directory_quota: crate::emulator::DEFAULT_DIRECTORY_QUOTA,
        }
    }
}

impl Settings {
    /// Whether `account` is a member of the resource directory: in the explicit list when
    /// one is given, else any 16-digit account ID.
    pub(crate) fn is_member_account(&self, account: &str) -> bool {
        match &self.member_accounts {
            Some(members) => members.contains(account),
            None => is_account_id(account),
        }
    }
}

/// Whether `id` is an account ID: 16 ASCII digits.
pub(crate) fn is_account_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_transitions_read_and_print_the_same() {
        for (text, transition) in [
            ("immediate", TaskTransition::Immediate),
            ("reads:3", TaskTransition::AfterReads(3)),
            (
                "seconds:2.5",
                TaskTransition::After(Duration::from_millis(2500)),
            ),
        ] {
            assert_eq!(text.parse::<TaskTransition>(), Ok(transition));
            assert_eq!(transition.to_string(), text);
        }
        for bad in [
            "",
            "soon",
            "reads:",
            "reads:-1",
            "seconds:-1",
            "seconds:x",
            "x:1",
        ] {
            let error = bad.parse::<TaskTransition>().unwrap_err();
            assert!(
                error.to_string().contains("expected `immediate`"),
                "{error}"
            );
        }
        assert_eq!(TaskTransition::default(), TaskTransition::AfterReads(1));
    }

    #[test]
    fn members_are_16_digit_ids_unless_listed() {
        let mut settings = Settings::default();
        assert!(settings.is_member_account("1234567890123456"));
        assert!(!settings.is_member_account("123456789012345"));
        assert!(!settings.is_member_account("12345678901234567"));
        assert!(!settings.is_member_account("123456789012345x"));
        settings.member_accounts = Some(BTreeSet::from(["1111111111111111".to_owned()]));
        assert!(settings.is_member_account("1111111111111111"));
        assert!(!settings.is_member_account("1234567890123456"));
    }
}
