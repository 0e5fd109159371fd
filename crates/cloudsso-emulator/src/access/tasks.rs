//! Tasks of the four asynchronous operations (Create/DeleteAccessAssignment,
//! Provision/DeprovisionAccessConfiguration), and GetTask, GetTaskStatus and ListTasks.
//!
//! A task is `InProgress`, then `Success`. When it completes is the emulator's
//! `TaskTransition` setting at the time the task was created (kept in the task, so changing
//! the setting does not change tasks already running): at once, after N status reads
//! (GetTask or GetTaskStatus of that task: the first N reads answer `InProgress`, the task is
//! complete after the Nth), or after a duration. The default, after one read, makes a client
//! poll at least once, as it must against the service.
//!
//! While a task is in progress it holds back what would contradict it
//! (`OperationConflict.Task`, 409): deleting an assignment whose creation is in progress,
//! provisioning or deprovisioning an AC on an account where a task of that AC and account is
//! in progress, changing an AC (UpdateAccessConfiguration, the policy operations) while it
//! is being provisioned anywhere; and DeleteAccessConfiguration answers
//! `DeletionConflict.AccessConfiguration.Task` while any task of the AC is in progress.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloudsso_model::{
    GetTask, GetTaskRequest, GetTaskResponse, GetTaskStatus, GetTaskStatusRequest,
    GetTaskStatusResponse, GetTaskTask, ListTasks, ListTasksRequest, ListTasksResponse,
    ListTasksStatus, PrincipalType, TaskStatus, TaskType,
};
use serde::{Deserialize, Serialize};

use super::params;
use super::params::Given as _;
use super::{Tables, conflict, id_of, key, not_found, prefix};
use crate::error::Failure;
use crate::pagination::{PageRequest, UP_TO_20};
use crate::service::{Context, Served};
use crate::settings::TaskTransition;
use crate::state::{Row, timestamp};

/// How ListTasks reaches back without a filter.
const DEFAULT_WINDOW: Duration = Duration::from_secs(24 * 3600);
/// How far `StartTime ge` may reach back.
const MAX_WINDOW: Duration = Duration::from_secs(7 * 24 * 3600);

/// When a task completes, fixed at its creation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) enum Completion {
    /// Done at once.
    Immediate,
    /// Done after this many reads.
    AfterReads(u32),
    /// Done at this time (milliseconds since the epoch).
    AtMillis(u64),
}

/// One task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct TaskRow {
    pub(crate) task_type: String,
    pub(crate) access_configuration_id: String,
    pub(crate) access_configuration_name: String,
    pub(crate) target_type: String,
    pub(crate) target_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) principal_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) principal_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) principal_name: Option<String>,
    pub(crate) start_time: String,
    /// `StartTime` in milliseconds since the epoch (for filters and durations).
    pub(crate) start_millis: u64,
    pub(crate) completion: Completion,
    /// Status reads so far.
    #[serde(default)]
    pub(crate) reads: u32,
    /// When the task completed through reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) end_time: Option<String>,
    /// `Success`, or `Failed` with `FailureReason`, once complete.
    pub(crate) outcome: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) failure_reason: Option<String>,
}

impl Row for TaskRow {
    const TABLE: &'static str = "access_tasks";
}

fn millis(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn time_of_millis(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

impl TaskRow {
    /// Whether the task is still running at `now`.
    pub(crate) fn in_progress(&self, now: SystemTime) -> bool {
        match self.completion {
            Completion::Immediate => false,
            Completion::AfterReads(n) => self.reads < n,
            Completion::AtMillis(at) => millis(now) < at,
        }
    }

    /// `Status` at `now`.
    pub(crate) fn status(&self, now: SystemTime) -> ListTasksStatus {
        if self.in_progress(now) {
            ListTasksStatus::InProgress
        } else {
            ListTasksStatus::from(self.outcome.as_str())
        }
    }

    /// `EndTime` at `now` (only once complete).
    fn end_time(&self, now: SystemTime) -> Option<String> {
        if self.in_progress(now) {
            return None;
        }
        match self.completion {
            Completion::Immediate => Some(self.start_time.clone()),
            Completion::AfterReads(_) => self
                .end_time
                .clone()
                .or_else(|| Some(self.start_time.clone())),
            Completion::AtMillis(at) => Some(timestamp(time_of_millis(at))),
        }
    }

    /// The task as GetTask and ListTasks report it at `now`.
    pub(crate) fn view(&self, id: &str, now: SystemTime) -> GetTaskTask {
        let mut task = GetTaskTask::default();
        task.task_id = Some(id.to_owned());
        task.task_type = Some(TaskType::from(self.task_type.as_str()));
        task.status = Some(self.status(now));
        task.start_time = Some(self.start_time.clone());
        task.end_time = self.end_time(now);
        if !self.in_progress(now) {
            task.failure_reason.clone_from(&self.failure_reason);
        }
        task.access_configuration_id = Some(self.access_configuration_id.clone());
        task.access_configuration_name = Some(self.access_configuration_name.clone());
        task.target_type = Some(self.target_type.clone());
        task.target_id = Some(self.target_id.clone());
        task.principal_type = self.principal_type.as_deref().map(PrincipalType::from);
        task.principal_id.clone_from(&self.principal_id);
        task.principal_name.clone_from(&self.principal_name);
        task
    }

    /// `TaskStatus` of GetTaskStatus at `now`.
    fn status_view(&self, id: &str, now: SystemTime) -> TaskStatus {
        let mut status = TaskStatus::default();
        status.task_id = Some(id.to_owned());
        status.task_type = Some(TaskType::from(self.task_type.as_str()));
        status.status = Some(self.status(now));
        status.start_time = Some(self.start_time.clone());
        status.end_time = self.end_time(now);
        if !self.in_progress(now) {
            status.failure_reason.clone_from(&self.failure_reason);
        }
        status
    }
}

/// What a new task is about.
#[derive(Debug)]
pub(crate) struct NewTask<'a> {
    pub(crate) task_type: TaskType,
    pub(crate) access_configuration_id: &'a str,
    pub(crate) access_configuration_name: &'a str,
    pub(crate) target_id: &'a str,
    /// `(PrincipalType, PrincipalId, PrincipalName)` for the assignment tasks.
    pub(crate) principal: Option<(&'a str, &'a str, &'a str)>,
}

impl Tables {
    /// Records a task started at `now` under `transition`; its ID and row.
    pub(crate) fn start_task(
        &mut self,
        directory: &str,
        new: NewTask<'_>,
        transition: TaskTransition,
        now: SystemTime,
    ) -> (String, TaskRow) {
        let start = millis(now);
        let completion = match transition {
            TaskTransition::Immediate => Completion::Immediate,
            TaskTransition::AfterReads(0) => Completion::Immediate,
            TaskTransition::AfterReads(n) => Completion::AfterReads(n),
            TaskTransition::After(duration) => Completion::AtMillis(
                start.saturating_add(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)),
            ),
        };
        let row = TaskRow {
            task_type: new.task_type.as_str().to_owned(),
            access_configuration_id: new.access_configuration_id.to_owned(),
            access_configuration_name: new.access_configuration_name.to_owned(),
            target_type: super::RD_ACCOUNT.to_owned(),
            target_id: new.target_id.to_owned(),
            principal_type: new.principal.map(|(t, _, _)| t.to_owned()),
            principal_id: new.principal.map(|(_, id, _)| id.to_owned()),
            principal_name: new.principal.map(|(_, _, name)| name.to_owned()),
            start_time: timestamp(now),
            start_millis: start,
            completion,
            reads: 0,
            end_time: None,
            outcome: ListTasksStatus::Success.as_str().to_owned(),
            failure_reason: None,
        };
        let id = super::ids::resource_id("t-");
        self.forget_old_tasks(directory, now);
        self.tasks.insert(key(directory, &id), row.clone());
        (id, row)
    }

    /// Drops finished tasks older than ListTasks can reach, and the oldest finished ones
    /// beyond the per-directory bound.
    fn forget_old_tasks(&mut self, directory: &str, now: SystemTime) {
        let horizon = millis(now).saturating_sub(millis(UNIX_EPOCH + MAX_WINDOW));
        let prefix = prefix(directory);
        let total = self.tasks.prefix(&prefix).count();
        let mut excess = (total + 1).saturating_sub(super::MAX_ROWS_PER_DIRECTORY);
        let old: Vec<String> = self
            .tasks
            .prefix(&prefix)
            .filter(|(_, t)| !t.in_progress(now))
            .filter(|(_, t)| {
                let drop = t.start_millis < horizon || excess > 0;
                excess = excess.saturating_sub(1);
                drop
            })
            .map(|(k, _)| k.to_owned())
            .collect();
        for k in old {
            self.tasks.remove(&k);
        }
    }

    /// A task in progress at `now` of AC `ac` (on `account` when given) whose type is one
    /// of `types` (any when empty).
    pub(crate) fn running_task(
        &self,
        directory: &str,
        ac: &str,
        account: Option<&str>,
        types: &[TaskType],
        now: SystemTime,
    ) -> Option<(String, TaskRow)> {
        let scan = prefix(directory);
        self.tasks
            .prefix(&scan)
            .find(|(_, t)| {
                t.access_configuration_id == ac
                    && account.is_none_or(|a| t.target_id == a)
                    && (types.is_empty() || types.iter().any(|ty| ty.as_str() == t.task_type))
                    && t.in_progress(now)
            })
            .map(|(k, t)| (id_of(k).to_owned(), t.clone()))
    }
}

/// `OperationConflict.Task` for task `id`.
pub(crate) fn task_conflict(id: &str, task: &TaskRow) -> Failure {
    conflict(
        "OperationConflict.Task",
        format!(
            "Task `{id}` ({} of access configuration `{}` on account `{}`) is still in \
             progress; poll GetTaskStatus until it is no longer InProgress, then retry.",
            task.task_type, task.access_configuration_id, task.target_id
        ),
    )
}

fn task_not_found(directory: &str, id: &str) -> Failure {
    not_found(
        "Task",
        format!(
            "The specified task does not exist: TaskId `{id}` is not known in directory `{directory}`."
        ),
    )
}

/// Reads task `id` as a client polls it: the view before this read, and the read counted.
fn read_task<T>(
    context: &Context<'_>,
    directory: &str,
    id: &str,
    view: impl FnOnce(&TaskRow, SystemTime) -> T,
) -> Result<T, Failure> {
    let now = context.now;
    context.write(|state| {
        state.directory.require(directory)?;
        let task = state
            .access
            .tasks
            .get_mut(&key(directory, id))
            .ok_or_else(|| task_not_found(directory, id))?;
        let shown = view(task, now);
        if let Completion::AfterReads(n) = task.completion
            && task.reads < n
        {
            task.reads += 1;
            if task.reads == n {
                task.end_time = Some(timestamp(now));
            }
        }
        Ok(shown)
    })
}

/// `GetTask`: the whole task (a status read).
impl Served for GetTask {
    fn serve(context: &Context<'_>, request: &GetTaskRequest) -> Result<GetTaskResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("TaskId", &request.task_id)?;
        let task = read_task(context, directory, id, |t, now| t.view(id, now))?;
        let mut response = GetTaskResponse::default();
        response.task = Some(task);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// `GetTaskStatus`: the task's status (a status read).
impl Served for GetTaskStatus {
    fn serve(
        context: &Context<'_>,
        request: &GetTaskStatusRequest,
    ) -> Result<GetTaskStatusResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let id = params::required_text::<Self>("TaskId", &request.task_id)?;
        let status = read_task(context, directory, id, |t, now| t.status_view(id, now))?;
        let mut response = GetTaskStatusResponse::default();
        response.task_status = Some(status);
        response.request_id = Some(context.request_id());
        Ok(response)
    }
}

/// The earliest start a ListTasks `Filter` asks for: `StartTime ge YYYY-MM-DDTHH:mm:SSZ`
/// (attribute and operator case-insensitive), at most 7 days back.
fn start_filter(filter: Option<&str>, now: SystemTime) -> Result<u64, Failure> {
    let now_ms = millis(now);
    let window = |d: Duration| now_ms.saturating_sub(u64::try_from(d.as_millis()).unwrap_or(0));
    let Some(filter) = filter.filter(|f| !f.trim().is_empty()) else {
        return Ok(window(DEFAULT_WINDOW));
    };
    let expected = "`StartTime ge YYYY-MM-DDTHH:mm:SSZ` (UTC), at most 7 days back";
    let bad = || params::invalid("Filter", filter, expected);
    let mut words = filter.split_whitespace();
    let (Some(attribute), Some(operator), Some(value), None) =
        (words.next(), words.next(), words.next(), words.next())
    else {
        return Err(bad());
    };
    if !attribute.eq_ignore_ascii_case("StartTime") || !operator.eq_ignore_ascii_case("ge") {
        return Err(bad());
    }
    let time = acs_signer::SigningTime::parse(value).map_err(|_| bad())?;
    let start = millis(time.to_system_time());
    if start < window(MAX_WINDOW) {
        return Err(bad());
    }
    Ok(start)
}

/// `ListTasks`: the directory's tasks started in the last 24 hours (or since the `Filter`'s
/// `StartTime`), oldest first, with the optional `AccessConfigurationId`, `TaskType`,
/// `Status` and pair (`TargetType`+`TargetId`, `PrincipalType`+`PrincipalId`) filters.
/// Listing is not a status read.
impl Served for ListTasks {
    fn serve(
        context: &Context<'_>,
        request: &ListTasksRequest,
    ) -> Result<ListTasksResponse, Failure> {
        let directory = params::directory::<Self>(&request.directory_id)?;
        let now = context.now;
        let since = start_filter(request.filter.given().map(String::as_str), now)?;
        let target = match (&request.target_type, &request.target_id) {
            (Some(_), Some(id)) => Some(id.as_str()),
            _ => None,
        };
        let principal = match (&request.principal_type, &request.principal_id) {
            (Some(kind), Some(id)) => Some((kind.as_str(), id.as_str())),
            _ => None,
        };
        let scope = format!(
            "ListTasks\n{directory}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            request.access_configuration_id,
            request.filter,
            target,
            principal,
            request.status.given().map(ListTasksStatus::as_str),
            request.task_type.given().map(TaskType::as_str),
        );
        let paging = PageRequest::new(
            UP_TO_20,
            scope,
            request.max_results,
            request.next_token.given().map(String::as_str),
        )?;
        let page = context.read(|state| {
            state.directory.require(directory)?;
            let scan = prefix(directory);
            let tasks = state.access.tasks.prefix(&scan).filter(|(_, t)| {
                t.start_millis >= since
                    && request
                        .access_configuration_id
                        .as_ref()
                        .is_none_or(|ac| &t.access_configuration_id == ac)
                    && target.is_none_or(|id| t.target_id == id)
                    && principal.is_none_or(|(kind, id)| {
                        t.principal_type.as_deref() == Some(kind)
                            && t.principal_id.as_deref() == Some(id)
                    })
                    && request.status.given().is_none_or(|s| &t.status(now) == s)
                    && request
                        .task_type
                        .as_ref()
                        .is_none_or(|ty| ty.as_str() == t.task_type)
            });
            let tasks = tasks.map(|(k, t)| (k, (id_of(k), t)));
            Ok::<_, Failure>(paging.page(tasks).map(|(id, t)| t.view(id, now)))
        });
        let page = page?;
        Ok(page.into_response(context.request_id()))
    }
}
