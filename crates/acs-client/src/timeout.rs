//! How long each step may take.

use std::time::Duration;

/// Timeouts of a call. Unlike the Go and Node runtimes, which wait for ever or 3 s, the
/// defaults are the Python runtime's: **connect 5 s, read 10 s**; the operation (all
/// attempts and the waits between them) and each attempt are unbounded unless set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeoutConfig {
    connect: Option<Duration>,
    read: Option<Duration>,
    operation: Option<Duration>,
    operation_attempt: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        Self {
            connect: Some(Duration::from_secs(5)),
            read: Some(Duration::from_secs(10)),
            operation: None,
            operation_attempt: None,
        }
    }
}

impl TimeoutConfig {
    /// The defaults: connect 5 s, read 10 s.
    pub fn new() -> Self {
        Self::default()
    }

    /// No timeout at all (not recommended: a silent server holds the call for ever).
    pub fn disabled() -> Self {
        Self {
            connect: None,
            read: None,
            operation: None,
            operation_attempt: None,
        }
    }

    /// The same with the time allowed to make a connection (TCP, proxy, TLS).
    #[must_use]
    pub fn with_connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect = timeout;
        self
    }

    /// The same with the time allowed for a complete answer once connected.
    #[must_use]
    pub fn with_read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.read = timeout;
        self
    }

    /// The same with the time allowed for the whole call, retries and waits included.
    #[must_use]
    pub fn with_operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.operation = timeout;
        self
    }

    /// The same with the time allowed for each attempt (credentials, signing, connecting,
    /// reading); an attempt that runs out is retried like a read timeout.
    #[must_use]
    pub fn with_operation_attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.operation_attempt = timeout;
        self
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect
    }

    /// The read timeout.
    pub fn read_timeout(&self) -> Option<Duration> {
        self.read
    }

    /// The operation timeout.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation
    }

    /// The attempt timeout.
    pub fn operation_attempt_timeout(&self) -> Option<Duration> {
        self.operation_attempt
    }
}
