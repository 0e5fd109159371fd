//! Waiting for the tasks that `CreateAccessAssignment`, `DeleteAccessAssignment`,
//! `ProvisionAccessConfiguration` and `DeprovisionAccessConfiguration` start: poll
//! `GetTaskStatus` ([`acs_client::wait_until`]) until `Success`.

use acs_client::{PollOutcome, SdkError, WaitError, WaiterConfig, wait_until};
use cloudsso_model::{DirectoryId, ListTasksStatus, TaskStatus};

use crate::Client;

impl Client {
    /// Polls `GetTaskStatus` for task `task_id` of directory `directory_id` until its status
    /// is `Success` (its [`TaskStatus`]); [`WaitError::Failed`] with the task's
    /// `FailureReason` if it fails, [`WaitError::Timeout`] after `config.max_wait`.
    pub async fn wait_until_task_succeeded(
        &self,
        directory_id: impl Into<String>,
        task_id: impl Into<String>,
        config: WaiterConfig,
    ) -> Result<TaskStatus, WaitError> {
        let directory_id = DirectoryId::new(directory_id)
            .map_err(|e| SdkError::from(cloudsso_model::BuildError::from(e)))?;
        wait_for_task(self, &directory_id, &task_id.into(), &config).await
    }
}

async fn wait_for_task(
    client: &Client,
    directory_id: &DirectoryId,
    task_id: &str,
    config: &WaiterConfig,
) -> Result<TaskStatus, WaitError> {
    let what = format!("task {task_id} of directory {directory_id}");
    wait_until(&what, config, || async {
        let response = client
            .get_task_status()
            .directory_id(directory_id.as_str())
            .task_id(task_id)
            .send()
            .await?;
        let status = response.task_status.unwrap_or_default();
        Ok(match &status.status {
            Some(ListTasksStatus::Success) => PollOutcome::Success(status),
            Some(ListTasksStatus::Failed) => PollOutcome::Failure(status.failure_reason),
            // InProgress, a status this version does not know, or none yet.
            _ => PollOutcome::Pending,
        })
    })
    .await
}

/// Waits for each of `task_ids` in turn (each within `config`): what a fluent builder's
/// `send_and_wait` calls after its operation answered.
pub(crate) async fn wait_for_tasks(
    client: &Client,
    directory_id: Option<DirectoryId>,
    task_ids: Vec<String>,
    config: &WaiterConfig,
) -> Result<(), WaitError> {
    if task_ids.is_empty() {
        return Ok(());
    }
    let Some(directory_id) = directory_id else {
        return Err(SdkError::from(cloudsso_model::BuildError::MissingField {
            field: "DirectoryId",
        })
        .into());
    };
    for task_id in &task_ids {
        wait_for_task(client, &directory_id, task_id, config).await?;
    }
    Ok(())
}
