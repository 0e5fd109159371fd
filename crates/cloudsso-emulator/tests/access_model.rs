//! A state machine test of the access family (with users): random sequences of operations
//! run against the emulator and against a small reference model; after every step the
//! emulator's answers and lists must equal the model's, pages must partition the lists, AC
//! names stay unique, and no assignment or provisioning dangles after any delete.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use acs_protocol::{Credentials, Format, SigningAlgorithm};
use cloudsso_emulator::{Emulator, TaskTransition};
use proptest::prelude::*;
use serde_json::Value;
use support::*;

const ACCOUNTS: [&str; 2] = ["1000000000000001", "1000000000000002"];
/// Names differ only in case in places: uniqueness is case-insensitive.
const AC_NAMES: [&str; 4] = ["admin", "Admin", "dev", "ops"];
const USER_NAMES: [&str; 3] = ["ann", "ben", "cat"];
const POLICIES: [&str; 2] = ["ReadOnlyAccess", "AliyunECSFullAccess"];

#[derive(Clone, Debug)]
enum Command {
    CreateAc(usize),
    DeleteAc(usize, bool),
    AddPolicy(usize, usize),
    RemovePolicy(usize, usize),
    Provision(usize, usize),
    Deprovision(usize, usize),
    CreateUser(usize),
    DeleteUser(usize),
    Assign(usize, usize, usize),
    Unassign(usize, usize, usize, bool),
    /// Walks the lists with this page size, deleting an AC (by index) between pages.
    Walk(usize, Option<usize>),
}

fn command() -> impl Strategy<Value = Command> {
    prop_oneof![
        2 => (0..AC_NAMES.len()).prop_map(Command::CreateAc),
        1 => (0..8usize, any::<bool>()).prop_map(|(a, f)| Command::DeleteAc(a, f)),
        1 => (0..8usize, 0..POLICIES.len()).prop_map(|(a, p)| Command::AddPolicy(a, p)),
        1 => (0..8usize, 0..POLICIES.len()).prop_map(|(a, p)| Command::RemovePolicy(a, p)),
        1 => (0..8usize, 0..ACCOUNTS.len()).prop_map(|(a, t)| Command::Provision(a, t)),
        1 => (0..8usize, 0..ACCOUNTS.len()).prop_map(|(a, t)| Command::Deprovision(a, t)),
        1 => (0..USER_NAMES.len()).prop_map(Command::CreateUser),
        1 => (0..6usize).prop_map(Command::DeleteUser),
        3 => (0..8usize, 0..ACCOUNTS.len(), 0..6usize)
            .prop_map(|(a, t, u)| Command::Assign(a, t, u)),
        2 => (0..8usize, 0..ACCOUNTS.len(), 0..6usize, any::<bool>())
            .prop_map(|(a, t, u, l)| Command::Unassign(a, t, u, l)),
        1 => (1..4usize, proptest::option::of(0..8usize)).prop_map(|(s, d)| Command::Walk(s, d)),
    ]
}

/// The reference model.
#[derive(Debug, Default)]
struct Model {
    /// Every AC ID ever created (deleted ones stay, to address them again), in order.
    ac_ids: Vec<String>,
    /// Live ACs: name and policies.
    acs: BTreeMap<String, (String, BTreeSet<String>)>,
    user_ids: Vec<String>,
    users: BTreeMap<String, String>,
    /// (AC, account) → status.
    provisionings: BTreeMap<(String, String), String>,
    /// (AC, account, user).
    assignments: BTreeSet<(String, String, String)>,
}

struct Harness {
    emulator: Emulator,
    model: Model,
}

impl Harness {
    fn call(&self, action: &str, params: &[(&str, &str)]) -> (u16, Value) {
        let mut all = vec![("DirectoryId", DIRECTORY)];
        all.extend_from_slice(params);
        let response = self.emulator.handle(signed(
            &Credentials::new("testid", "testsecret"),
            action,
            &all,
            SigningAlgorithm::Acs3HmacSha256,
            Format::Json,
            SystemTime::now(),
        ));
        (response.status().as_u16(), json(&response))
    }

    fn ac(&self, i: usize) -> Option<String> {
        (!self.model.ac_ids.is_empty())
            .then(|| self.model.ac_ids[i % self.model.ac_ids.len()].clone())
    }

    fn user(&self, i: usize) -> Option<String> {
        (!self.model.user_ids.is_empty())
            .then(|| self.model.user_ids[i % self.model.user_ids.len()].clone())
    }

    /// Asserts the answer: 200, or the expected error code.
    fn expect(&self, step: &str, (status, body): &(u16, Value), expected: Result<(), &str>) {
        match expected {
            Ok(()) => assert_eq!(*status, 200, "{step}: {body}"),
            Err(code) => assert_eq!(body["Code"], code, "{step}: {status} {body}"),
        }
    }

    fn apply(&mut self, command: &Command) {
        let step = format!("{command:?}");
        match *command {
            Command::CreateAc(n) => {
                let name = AC_NAMES[n];
                let taken = self
                    .model
                    .acs
                    .values()
                    .any(|(v, _)| v.eq_ignore_ascii_case(name));
                let answer = self.call(
                    "CreateAccessConfiguration",
                    &[("AccessConfigurationName", name)],
                );
                if taken {
                    self.expect(
                        &step,
                        &answer,
                        Err("EntityAlreadyExists.AccessConfiguration"),
                    );
                } else {
                    self.expect(&step, &answer, Ok(()));
                    let id = answer.1["AccessConfiguration"]["AccessConfigurationId"]
                        .as_str()
                        .unwrap()
                        .to_owned();
                    self.model.ac_ids.push(id.clone());
                    self.model
                        .acs
                        .insert(id, (name.to_owned(), BTreeSet::new()));
                }
            }
            Command::DeleteAc(a, force) => {
                let Some(ac) = self.ac(a) else { return };
                let force_text = if force { "true" } else { "false" };
                let answer = self.call(
                    "DeleteAccessConfiguration",
                    &[
                        ("AccessConfigurationId", &ac),
                        ("ForceRemovePermissionPolicies", force_text),
                    ],
                );
                let expected = match self.model.acs.get(&ac) {
                    None => Err("EntityNotExists.AccessConfiguration"),
                    Some(_) if self.model.assignments.iter().any(|x| x.0 == ac) => {
                        Err("DeletionConflict.AccessConfiguration.AccessAssignment")
                    }
                    Some(_) if self.model.provisionings.keys().any(|x| x.0 == ac) => {
                        Err("DeletionConflict.AccessConfiguration.Provisioning")
                    }
                    Some((_, policies)) if !policies.is_empty() && !force => {
                        Err("DeletionConflict.AccessConfiguration.PermissionPolicy")
                    }
                    Some(_) => Ok(()),
                };
                self.expect(&step, &answer, expected);
                if expected.is_ok() {
                    self.model.acs.remove(&ac);
                }
            }
            Command::AddPolicy(a, p) | Command::RemovePolicy(a, p) => {
                let Some(ac) = self.ac(a) else { return };
                let add = matches!(command, Command::AddPolicy(..));
                let action = if add {
                    "AddPermissionPolicyToAccessConfiguration"
                } else {
                    "RemovePermissionPolicyFromAccessConfiguration"
                };
                let answer = self.call(
                    action,
                    &[
                        ("AccessConfigurationId", &ac),
                        ("PermissionPolicyType", "System"),
                        ("PermissionPolicyName", POLICIES[p]),
                    ],
                );
                let expected = match self.model.acs.get(&ac) {
                    None => Err("EntityNotExists.AccessConfiguration"),
                    Some((_, ps)) if add && ps.contains(POLICIES[p]) => {
                        Err("EntityAlreadyExists.PermissionPolicy")
                    }
                    Some((_, ps)) if !add && !ps.contains(POLICIES[p]) => {
                        Err("EntityNotExists.PermissionPolicy")
                    }
                    Some(_) => Ok(()),
                };
                self.expect(&step, &answer, expected);
                if expected.is_ok() {
                    let ps = &mut self.model.acs.get_mut(&ac).unwrap().1;
                    if add {
                        ps.insert(POLICIES[p].to_owned());
                    } else {
                        ps.remove(POLICIES[p]);
                    }
                    for ((pac, _), status) in &mut self.model.provisionings {
                        if *pac == ac {
                            *status = "ReprovisionRequired".to_owned();
                        }
                    }
                }
            }
            Command::Provision(a, t) | Command::Deprovision(a, t) => {
                let Some(ac) = self.ac(a) else { return };
                let account = ACCOUNTS[t];
                let provision = matches!(command, Command::Provision(..));
                let action = if provision {
                    "ProvisionAccessConfiguration"
                } else {
                    "DeprovisionAccessConfiguration"
                };
                let answer = self.call(
                    action,
                    &[
                        ("AccessConfigurationId", &ac),
                        ("TargetType", "RD-Account"),
                        ("TargetId", account),
                    ],
                );
                let k = (ac.clone(), account.to_owned());
                let expected = if !self.model.acs.contains_key(&ac) {
                    Err("EntityNotExists.AccessConfiguration")
                } else if provision {
                    Ok(())
                } else if !self.model.provisionings.contains_key(&k) {
                    Err("EntityNotExists.AccessConfigurationProvisioning")
                } else if self
                    .model
                    .assignments
                    .iter()
                    .any(|x| x.0 == ac && x.1 == account)
                {
                    Err("DeletionConflict.AccessConfigurationProvisioning.AccessAssignment")
                } else {
                    Ok(())
                };
                self.expect(&step, &answer, expected);
                if expected.is_ok() {
                    assert_eq!(answer.1["Tasks"][0]["Status"], "Success", "{step}");
                    if provision {
                        self.model.provisionings.insert(k, "Provisioned".to_owned());
                    } else {
                        self.model.provisionings.remove(&k);
                    }
                }
            }
            Command::CreateUser(n) => {
                let name = USER_NAMES[n];
                let taken = self.model.users.values().any(|v| v == name);
                let answer = self.call("CreateUser", &[("UserName", name)]);
                if taken {
                    assert_ne!(answer.0, 200, "{step}");
                } else {
                    self.expect(&step, &answer, Ok(()));
                    let id = answer.1["User"]["UserId"].as_str().unwrap().to_owned();
                    self.model.user_ids.push(id.clone());
                    self.model.users.insert(id, name.to_owned());
                }
            }
            Command::DeleteUser(u) => {
                let Some(user) = self.user(u) else { return };
                let answer = self.call("DeleteUser", &[("UserId", &user)]);
                let expected = if !self.model.users.contains_key(&user) {
                    Err("EntityNotExists.User")
                } else if self.model.assignments.iter().any(|x| x.2 == user) {
                    Err("DeletionConflict.User.AccessAssigment")
                } else {
                    Ok(())
                };
                self.expect(&step, &answer, expected);
                if expected.is_ok() {
                    self.model.users.remove(&user);
                }
            }
            Command::Assign(a, t, u) | Command::Unassign(a, t, u, _) => {
                let (Some(ac), Some(user)) = (self.ac(a), self.user(u)) else {
                    return;
                };
                let account = ACCOUNTS[t];
                let assign = matches!(command, Command::Assign(..));
                let last = matches!(command, Command::Unassign(_, _, _, true));
                let mut request = vec![
                    ("AccessConfigurationId", ac.as_str()),
                    ("TargetType", "RD-Account"),
                    ("TargetId", account),
                    ("PrincipalType", "User"),
                    ("PrincipalId", user.as_str()),
                ];
                if last {
                    request.push((
                        "DeprovisionStrategy",
                        "DeprovisionForLastAccessAssignmentOnAccount",
                    ));
                }
                let action = if assign {
                    "CreateAccessAssignment"
                } else {
                    "DeleteAccessAssignment"
                };
                let answer = self.call(action, &request);
                let k = (ac.clone(), account.to_owned(), user.clone());
                let expected = if !self.model.acs.contains_key(&ac) {
                    Err("EntityNotExists.AccessConfiguration")
                } else if assign && !self.model.users.contains_key(&user) {
                    Err("EntityNotExists.User")
                } else if assign && self.model.assignments.contains(&k) {
                    Err("EntityAlreadyExists.AccessAssignment")
                } else if !assign && !self.model.assignments.contains(&k) {
                    Err("EntityNotExists.AccessAssignment")
                } else {
                    Ok(())
                };
                self.expect(&step, &answer, expected);
                if expected.is_ok() {
                    let p = (ac.clone(), account.to_owned());
                    if assign {
                        self.model.assignments.insert(k);
                        self.model
                            .provisionings
                            .entry(p)
                            .or_insert_with(|| "Provisioned".to_owned());
                    } else {
                        self.model.assignments.remove(&k);
                        let others = self
                            .model
                            .assignments
                            .iter()
                            .any(|x| x.0 == ac && x.1 == account);
                        if last && !others {
                            self.model.provisionings.remove(&p);
                        }
                    }
                }
            }
            Command::Walk(size, delete) => self.walk(size, delete),
        }
    }

    /// Pages a list fully; `between` runs after each page. The IDs of `field`/`id`.
    fn pages(
        &mut self,
        action: &str,
        field: &str,
        ids: impl Fn(&Value) -> String,
        size: usize,
        mut between: impl FnMut(&mut Self),
    ) -> Vec<String> {
        let mut seen = Vec::new();
        let mut token: Option<String> = None;
        let size = size.to_string();
        loop {
            let mut request = vec![("MaxResults", size.as_str())];
            if let Some(t) = &token {
                request.push(("NextToken", t.as_str()));
            }
            let (status, body) = self.call(action, &request);
            assert_eq!(status, 200, "{action}: {body}");
            seen.extend(body[field].as_array().unwrap().iter().map(&ids));
            token = body["NextToken"].as_str().map(str::to_owned);
            assert_eq!(body["IsTruncated"], token.is_some());
            if token.is_none() {
                return seen;
            }
            between(self);
        }
    }

    fn walk(&mut self, size: usize, delete: Option<usize>) {
        // ACs, with one deletion attempt between pages: every AC that lives throughout is
        // listed once; none twice; none that was gone before the walk started.
        let before: BTreeSet<String> = self.model.acs.keys().cloned().collect();
        let mut deleted = Vec::new();
        let seen = self.pages(
            "ListAccessConfigurations",
            "AccessConfigurations",
            |v| v["AccessConfigurationId"].as_str().unwrap().to_owned(),
            size,
            |h| {
                if let Some(d) = delete {
                    let before = h.model.acs.len();
                    h.apply(&Command::DeleteAc(d, true));
                    if h.model.acs.len() < before {
                        deleted.push(());
                    }
                }
            },
        );
        let unique: BTreeSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "an AC listed twice: {seen:?}");
        for id in &seen {
            assert!(before.contains(id), "{id} listed but never existed");
        }
        for id in self.model.acs.keys() {
            assert!(seen.contains(id), "{id} lives but was not listed: {seen:?}");
        }
        let _ = deleted;
        self.check();
    }

    /// The emulator's lists equal the model's.
    fn check(&mut self) {
        let acs = self.pages(
            "ListAccessConfigurations",
            "AccessConfigurations",
            |v| {
                format!(
                    "{}={}",
                    v["AccessConfigurationId"].as_str().unwrap(),
                    v["AccessConfigurationName"].as_str().unwrap()
                )
            },
            100,
            |_| {},
        );
        let expected: Vec<String> = self
            .model
            .acs
            .iter()
            .map(|(id, (name, _))| format!("{id}={name}"))
            .collect();
        let mut sorted = acs.clone();
        sorted.sort();
        assert_eq!(sorted, expected);
        let names: BTreeSet<String> = acs
            .iter()
            .map(|a| a.split_once('=').unwrap().1.to_lowercase())
            .collect();
        assert_eq!(names.len(), acs.len(), "AC names not unique: {acs:?}");

        let assignments = self.pages(
            "ListAccessAssignments",
            "AccessAssignments",
            |v| {
                format!(
                    "{} {} {}",
                    v["AccessConfigurationId"].as_str().unwrap(),
                    v["TargetId"].as_str().unwrap(),
                    v["PrincipalId"].as_str().unwrap()
                )
            },
            20,
            |_| {},
        );
        let mut assignments_sorted = assignments.clone();
        assignments_sorted.sort();
        let expected: Vec<String> = self
            .model
            .assignments
            .iter()
            .map(|(a, t, u)| format!("{a} {t} {u}"))
            .collect();
        assert_eq!(assignments_sorted, expected);
        // No dangling assignment or provisioning.
        for (ac, _, user) in &self.model.assignments {
            assert!(self.model.acs.contains_key(ac) && self.model.users.contains_key(user));
        }
        let provisionings = self.pages(
            "ListAccessConfigurationProvisionings",
            "AccessConfigurationProvisionings",
            |v| {
                format!(
                    "{} {} {}",
                    v["AccessConfigurationId"].as_str().unwrap(),
                    v["TargetId"].as_str().unwrap(),
                    v["Status"].as_str().unwrap()
                )
            },
            20,
            |_| {},
        );
        let mut provisionings_sorted = provisionings.clone();
        provisionings_sorted.sort();
        let expected: Vec<String> = self
            .model
            .provisionings
            .iter()
            .map(|((a, t), s)| format!("{a} {t} {s}"))
            .collect();
        assert_eq!(provisionings_sorted, expected);
        for (ac, _) in self.model.provisionings.keys() {
            assert!(
                self.model.acs.contains_key(ac),
                "provisioning of deleted AC {ac}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_sequences_agree_with_the_model(commands in proptest::collection::vec(command(), 1..40)) {
        let emulator = Emulator::builder()
            .access_key("testid", "testsecret")
            .directory(DIRECTORY)
            .rate_limit(0)
            .task_transition(TaskTransition::Immediate)
            .build()
            .unwrap();
        let mut harness = Harness { emulator, model: Model::default() };
        for command in &commands {
            harness.apply(command);
            harness.check();
        }
    }
}
