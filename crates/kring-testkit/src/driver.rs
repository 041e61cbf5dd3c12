//! The one case driver every example, simulation and generated workload is built on.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kring_domain::*;

/// A command, who makes it and when: one line of a script that any store or the domain's
/// [`execute`] can replay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimedCommand {
    /// Who makes it.
    pub actor: Actor,
    /// When.
    pub at: DateTime<Utc>,
    /// What.
    pub command: Command,
}

/// A command adding `person` to the circle with one relation to `to`, as an adult.
pub fn add_member(
    person: Person,
    to: PersonId,
    kind: RelationKind,
    side: Side,
    identified: Identified,
) -> Command {
    Command::AddNetworkMember {
        member: NewNetworkMember {
            person,
            relations: vec![Relation {
                to,
                kind,
                side: Default::default(),
                label: Default::default(),
            }],
            side,
            minor: false,
            identified,
            also: Default::default(),
            organisation: Default::default(),
        },
    }
}

/// Drives one case through [`kring_domain::execute`]: holds its id, its state, a clock, an
/// id generator, and the events and commands accepted so far. A refused command changes
/// nothing.
#[derive(Debug, Clone)]
pub struct CaseDriver {
    /// The case's id.
    pub id: CaseId,
    /// The case's state; `None` until the request is accepted.
    pub case: Option<Case>,
    /// The accepted events, in order.
    pub events: Vec<Event>,
    /// The accepted commands, in order.
    pub commands: Vec<TimedCommand>,
    /// The clock: the time of the next command made with [`CaseDriver::run`].
    pub now: DateTime<Utc>,
    ids: IdGenerator,
}

impl CaseDriver {
    /// A driver for a new case (the first id `seed` generates) whose first command happens
    /// at `start`.
    pub fn new(seed: u64, start: DateTime<Utc>) -> Self {
        let mut ids = IdGenerator::new(seed);
        let id = ids.next(start);
        CaseDriver {
            id,
            case: None,
            events: Vec::new(),
            commands: Vec::new(),
            now: start,
            ids,
        }
    }

    /// A fresh id of any kind.
    pub fn new_id<K: IdKind>(&mut self) -> Id<K> {
        self.ids.next(self.now)
    }

    /// A new person with a fresh id, speaking Dutch.
    pub fn person(&mut self, name: &str) -> Person {
        self.person_speaking(name, vec!["nl".into()])
    }

    /// A new person with a fresh id, speaking `languages` (none recorded when empty).
    pub fn person_speaking(&mut self, name: &str, languages: Vec<String>) -> Person {
        Person {
            id: self.new_id(),
            name: name.into(),
            birth_date: None,
            languages,
        }
    }

    /// Moves the clock on.
    pub fn wait(&mut self, d: Duration) -> &mut Self {
        self.now += d;
        self
    }

    /// Today, as a date.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Executes a command now.
    pub fn run(&mut self, actor: Actor, command: Command) -> Result<&Event> {
        self.run_at(actor, self.now, command)
    }

    /// Executes a command at `at`; when it is accepted, the clock moves on to `at` if that is
    /// later.
    pub fn run_at(&mut self, actor: Actor, at: DateTime<Utc>, command: Command) -> Result<&Event> {
        let timed = TimedCommand { actor, at, command };
        let event = execute(&mut self.case, self.id, actor, at, timed.command.clone())?;
        self.now = self.now.max(at);
        self.commands.push(timed);
        self.events.push(event);
        Ok(self.events.last().expect("just pushed"))
    }

    /// The same case up to (not including) its first command named `name`, or whole if it has
    /// none: the state replayed from the events kept, the clock at the last of them.
    pub fn before(&self, name: &str) -> CaseDriver {
        let n = self
            .events
            .iter()
            .position(|e| e.command.name() == name)
            .unwrap_or(self.events.len());
        let mut s = self.clone();
        s.events.truncate(n);
        s.commands.truncate(n);
        s.case = Case::replay(&s.events);
        if let Some(last) = s.events.last() {
            s.now = last.at;
        }
        s
    }

    /// Runs a command that must be refused, checks that it changed nothing, and returns the
    /// error (panics if it was accepted or changed the state).
    pub fn refuse(&mut self, actor: Actor, command: Command) -> Error {
        let before = (self.case.clone(), self.events.len());
        let err = self
            .run(actor, command)
            .expect_err("the command must be refused");
        assert_eq!(
            (self.case.clone(), self.events.len()),
            before,
            "a refused command changed the state: {err}"
        );
        assert!(!err.to_string().is_empty());
        err
    }

    /// The current state (panics before the first command).
    pub fn state(&self) -> &Case {
        self.case.as_ref().expect("the case has been requested")
    }
}
