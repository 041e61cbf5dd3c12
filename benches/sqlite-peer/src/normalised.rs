//! The kring model in SQLite, normalised: the second peer of the benchmarks. It does the same
//! work as the kring store and as [`crate::Peer`] — every command checked by
//! `kring_domain::decide` against the current state, the event appended to the history, one
//! transaction per command (durable) or per batch — but stores a case the way a typical SQLite
//! user would: spread over a table per collection, with foreign keys and indexes, rather than
//! as one encoded column.
//!
//! A case is 25 tables. Every table but `cases` is keyed by `case_id` first and references
//! its parent; all are `WITHOUT ROWID`, so that a case's rows of one table are one range scan.
//! Ids are 16-byte blobs, times integer nanoseconds since the Unix epoch (exact), dates integer
//! days from the common era, closed vocabularies their text codes, order within a list a `pos`
//! column:
//!
//! - `cases`: one row per case — version, request and update times, who requested, phase,
//!   variant, legal basis, description, the current coordinator, the ending, the community
//!   subject, the plan deadline; small nested values as JSON text (referral, coordinator
//!   preferences) and so are the records format 3 added that a case rarely holds (antecedents,
//!   referral path, measures, representatives, views, help updates, ended involvements,
//!   meetings, arrangements; from format 5 withholdings and erasures). Indexed by phase, variant, legal basis, coordinator and request
//!   time.
//! - `phase_changes`, `questions`, `organisations` (indexed by organisation).
//! - `people` (each person as they appear in the case), `roles` (who holds which role in which
//!   case: main person, network member, professional, interpreter, coordinator; indexed by
//!   person), and one table per role with what only that role has: `main_persons` (with how
//!   they take part), `network_members` (relations, participation as JSON), `professionals`,
//!   `interpreters`.
//! - `coordinator_assignments`: the current coordinator and every former one, in order.
//! - `contacts`, `contact_shares`.
//! - `frameworks` and `framework_items` (concerns, conditions, questions, criteria).
//! - `conferences` (parts and information as JSON).
//! - `plan_versions`, `assessments` (verdicts as JSON), `plan_items` (agreements and requested
//!   help), `item_people` (who carries and who supports each agreement; indexed by person).
//! - `distributions`, `evaluations` (reviews as JSON; a covering partial index on the planned
//!   day of the evaluations still open), `signals`, `satisfaction`, `consents`.
//! - Not part of the state: `events`, as in the one-column peer, the history, each event
//!   encoded with kring's codec.
//!
//! Writing a command loads the case (reassembling it from its tables), decides, applies, and
//! writes back the difference: the rows of each table are computed for the state before and
//! after, rows that disappeared are deleted (children first), rows that are new or changed are
//! upserted (parents first) and unchanged rows are left alone. `PRAGMA foreign_keys=ON`.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use kring::domain::*;
use kring::format::{decode, encode};
use rusqlite::types::{Value as V, ValueRef};
use rusqlite::{Connection, Row, params, params_from_iter};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{PeerError, Result};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS cases (
  id BLOB PRIMARY KEY, version INTEGER NOT NULL, requested_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  requested_by BLOB NOT NULL, requested_by_role TEXT NOT NULL, requested_for BLOB,
  phase TEXT NOT NULL, variant TEXT NOT NULL, legal_basis TEXT NOT NULL, description TEXT NOT NULL,
  referral TEXT NOT NULL, consent_to_pass_contact INTEGER NOT NULL, preferences TEXT NOT NULL,
  coordinator BLOB,
  ending TEXT, outcome TEXT, ending_note TEXT, ended_at INTEGER,
  subject_kind TEXT, subject_name TEXT, plan_deadline INTEGER,
  antecedents TEXT NOT NULL, referral_path TEXT NOT NULL, measures TEXT NOT NULL, representatives TEXT NOT NULL,
  views TEXT NOT NULL, help TEXT NOT NULL, involvement_ended TEXT NOT NULL, meetings TEXT NOT NULL, arrangements TEXT NOT NULL,
  withheld TEXT NOT NULL, erasures TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS cases_phase ON cases(phase);
CREATE INDEX IF NOT EXISTS cases_variant ON cases(variant);
CREATE INDEX IF NOT EXISTS cases_legal_basis ON cases(legal_basis);
CREATE INDEX IF NOT EXISTS cases_coordinator ON cases(coordinator);
CREATE INDEX IF NOT EXISTS cases_requested ON cases(requested_at);

CREATE TABLE IF NOT EXISTS phase_changes (
  case_id BLOB NOT NULL REFERENCES cases(id), pos INTEGER NOT NULL, phase TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (case_id, pos)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS questions (
  case_id BLOB NOT NULL REFERENCES cases(id), pos INTEGER NOT NULL, item_id BLOB NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (case_id, pos)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS organisations (
  case_id BLOB NOT NULL REFERENCES cases(id), org_id BLOB NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
  PRIMARY KEY (case_id, org_id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS organisations_org ON organisations(org_id);

CREATE TABLE IF NOT EXISTS people (
  case_id BLOB NOT NULL REFERENCES cases(id), person_id BLOB NOT NULL, name TEXT NOT NULL, birth_date INTEGER,
  languages TEXT NOT NULL,
  PRIMARY KEY (case_id, person_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS roles (
  case_id BLOB NOT NULL REFERENCES cases(id), person_id BLOB NOT NULL, role TEXT NOT NULL,
  PRIMARY KEY (case_id, person_id, role)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS roles_person ON roles(person_id, case_id);
CREATE TABLE IF NOT EXISTS main_persons (
  case_id BLOB NOT NULL, pos INTEGER NOT NULL, person_id BLOB NOT NULL, party TEXT, participation TEXT,
  PRIMARY KEY (case_id, pos),
  FOREIGN KEY (case_id, person_id) REFERENCES people(case_id, person_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS network_members (
  case_id BLOB NOT NULL, person_id BLOB NOT NULL, relations TEXT NOT NULL, side TEXT NOT NULL,
  minor INTEGER NOT NULL, identified TEXT NOT NULL, identified_at INTEGER NOT NULL, invitation TEXT NOT NULL,
  participation TEXT, also TEXT NOT NULL, organisation BLOB,
  PRIMARY KEY (case_id, person_id),
  FOREIGN KEY (case_id, person_id) REFERENCES people(case_id, person_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS professionals (
  case_id BLOB NOT NULL, person_id BLOB NOT NULL, organisation BLOB NOT NULL, role TEXT NOT NULL, role_label TEXT,
  PRIMARY KEY (case_id, person_id),
  FOREIGN KEY (case_id, person_id) REFERENCES people(case_id, person_id),
  FOREIGN KEY (case_id, organisation) REFERENCES organisations(case_id, org_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS interpreters (
  case_id BLOB NOT NULL, person_id BLOB NOT NULL, language TEXT NOT NULL, for_persons TEXT NOT NULL,
  PRIMARY KEY (case_id, person_id),
  FOREIGN KEY (case_id, person_id) REFERENCES people(case_id, person_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS coordinator_assignments (
  case_id BLOB NOT NULL REFERENCES cases(id), pos INTEGER NOT NULL, coordinator_id BLOB NOT NULL, profile TEXT NOT NULL,
  regional_manager BLOB NOT NULL, assigned_at INTEGER NOT NULL, accepted_at INTEGER, reason TEXT,
  replaced_reason TEXT, replaced_at INTEGER,
  PRIMARY KEY (case_id, pos)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS contacts (
  case_id BLOB NOT NULL REFERENCES cases(id), person_id BLOB NOT NULL, phone TEXT, email TEXT, address TEXT,
  consent_given_by BLOB NOT NULL, consent_at INTEGER NOT NULL,
  PRIMARY KEY (case_id, person_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS contact_shares (
  case_id BLOB NOT NULL REFERENCES cases(id), pos INTEGER NOT NULL, whose BLOB NOT NULL, shared_with BLOB NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (case_id, pos)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS frameworks (
  case_id BLOB NOT NULL REFERENCES cases(id), framework_id BLOB NOT NULL, professional BLOB NOT NULL,
  submitted_at INTEGER NOT NULL,
  PRIMARY KEY (case_id, framework_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS framework_items (
  case_id BLOB NOT NULL, framework_id BLOB NOT NULL, list TEXT NOT NULL, pos INTEGER NOT NULL,
  item_id BLOB NOT NULL, text TEXT NOT NULL,
  PRIMARY KEY (case_id, framework_id, list, pos),
  FOREIGN KEY (case_id, framework_id) REFERENCES frameworks(case_id, framework_id)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS conferences (
  case_id BLOB NOT NULL REFERENCES cases(id), pos INTEGER NOT NULL, conference_id BLOB NOT NULL,
  number INTEGER NOT NULL, date INTEGER NOT NULL, place TEXT NOT NULL, language TEXT NOT NULL,
  interpreter INTEGER NOT NULL, parts TEXT NOT NULL, ended_at INTEGER, chair BLOB, information TEXT NOT NULL,
  PRIMARY KEY (case_id, pos)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS plan_versions (
  case_id BLOB NOT NULL REFERENCES cases(id), version INTEGER NOT NULL, written_by BLOB NOT NULL,
  by_scribe INTEGER NOT NULL, decided_at TEXT NOT NULL, submitted_at INTEGER NOT NULL, status TEXT NOT NULL,
  rules INTEGER NOT NULL, monitors TEXT NOT NULL, conveners TEXT NOT NULL, evaluation_moments TEXT NOT NULL,
  contact_arrangement TEXT, not_tested TEXT NOT NULL,
  PRIMARY KEY (case_id, version)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS assessments (
  case_id BLOB NOT NULL, version INTEGER NOT NULL, pos INTEGER NOT NULL, framework_id BLOB NOT NULL,
  professional BLOB NOT NULL, verdicts TEXT NOT NULL, accepted INTEGER NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (case_id, version, pos),
  FOREIGN KEY (case_id, version) REFERENCES plan_versions(case_id, version)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS plan_items (
  case_id BLOB NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, pos INTEGER NOT NULL,
  item_id BLOB NOT NULL, what TEXT NOT NULL, from_person BLOB, start INTEGER, due INTEGER, frequency TEXT,
  answers TEXT NOT NULL, for_person BLOB, funding TEXT,
  PRIMARY KEY (case_id, version, kind, pos),
  FOREIGN KEY (case_id, version) REFERENCES plan_versions(case_id, version)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS item_people (
  case_id BLOB NOT NULL, version INTEGER NOT NULL, item_pos INTEGER NOT NULL, role TEXT NOT NULL,
  pos INTEGER NOT NULL, person_id BLOB NOT NULL,
  PRIMARY KEY (case_id, version, item_pos, role, pos),
  FOREIGN KEY (case_id, version) REFERENCES plan_versions(case_id, version)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS item_people_person ON item_people(person_id);
CREATE TABLE IF NOT EXISTS distributions (
  case_id BLOB NOT NULL REFERENCES cases(id), pos INTEGER NOT NULL, version INTEGER NOT NULL,
  recipients TEXT NOT NULL, frameworks_attached TEXT NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (case_id, pos)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS evaluations (
  case_id BLOB NOT NULL REFERENCES cases(id), evaluation_id BLOB NOT NULL, planned_on INTEGER NOT NULL,
  planned_in INTEGER NOT NULL, dropped_in INTEGER,
  held_on INTEGER, convened_by BLOB, present TEXT, plan_version INTEGER, reviews TEXT, next_step TEXT,
  recorded_at INTEGER, help_reviews TEXT,
  PRIMARY KEY (case_id, evaluation_id)) WITHOUT ROWID;
-- Covering and partial: the due query reads only this index (and the case's phase).
CREATE INDEX IF NOT EXISTS evaluations_open ON evaluations(planned_on, case_id, evaluation_id, held_on, dropped_in)
  WHERE held_on IS NULL AND dropped_in IS NULL;
CREATE TABLE IF NOT EXISTS signals (
  case_id BLOB NOT NULL REFERENCES cases(id), pos INTEGER NOT NULL, signal_id BLOB NOT NULL, raised_by BLOB NOT NULL,
  about TEXT NOT NULL, at INTEGER NOT NULL, subject BLOB, assessment TEXT, resolution TEXT, resolved_at INTEGER,
  PRIMARY KEY (case_id, pos)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS satisfaction (
  case_id BLOB NOT NULL REFERENCES cases(id), pos INTEGER NOT NULL, participant_group TEXT NOT NULL,
  score INTEGER NOT NULL, at INTEGER NOT NULL, person_id BLOB,
  PRIMARY KEY (case_id, pos)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS consents (
  case_id BLOB NOT NULL REFERENCES cases(id), pos INTEGER NOT NULL, person_id BLOB NOT NULL, matter TEXT NOT NULL,
  given INTEGER NOT NULL, given_by BLOB NOT NULL, at INTEGER NOT NULL,
  PRIMARY KEY (case_id, pos)) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY, case_id BLOB NOT NULL REFERENCES cases(id) DEFERRABLE INITIALLY DEFERRED,
  version INTEGER NOT NULL, at INTEGER NOT NULL, event BLOB NOT NULL, UNIQUE (case_id, version));
";

/// A table of a case's state as the write path sees it: its columns, the first `key` of
/// which (starting with `case_id`) are its primary key. In parent-before-child order.
struct Table {
    name: &'static str,
    /// The columns, comma-separated, in the order [`rows`] gives their values.
    cols: &'static str,
    key: usize,
}

const TABLES: &[Table] = &[
    Table {
        name: "cases",
        cols: "id, version, requested_at, updated_at, requested_by, requested_by_role, requested_for, phase, variant, legal_basis, description, referral, consent_to_pass_contact, preferences, coordinator, ending, outcome, ending_note, ended_at, subject_kind, subject_name, plan_deadline, antecedents, referral_path, measures, representatives, views, help, involvement_ended, meetings, arrangements, withheld, erasures",
        key: 1,
    },
    Table {
        name: "phase_changes",
        cols: "case_id, pos, phase, at",
        key: 2,
    },
    Table {
        name: "questions",
        cols: "case_id, pos, item_id, text",
        key: 2,
    },
    Table {
        name: "organisations",
        cols: "case_id, org_id, name, kind",
        key: 2,
    },
    Table {
        name: "people",
        cols: "case_id, person_id, name, birth_date, languages",
        key: 2,
    },
    Table {
        name: "roles",
        cols: "case_id, person_id, role",
        key: 3,
    },
    Table {
        name: "main_persons",
        cols: "case_id, pos, person_id, party, participation",
        key: 2,
    },
    Table {
        name: "network_members",
        cols: "case_id, person_id, relations, side, minor, identified, identified_at, invitation, participation, also, organisation",
        key: 2,
    },
    Table {
        name: "professionals",
        cols: "case_id, person_id, organisation, role, role_label",
        key: 2,
    },
    Table {
        name: "interpreters",
        cols: "case_id, person_id, language, for_persons",
        key: 2,
    },
    Table {
        name: "coordinator_assignments",
        cols: "case_id, pos, coordinator_id, profile, regional_manager, assigned_at, accepted_at, reason, replaced_reason, replaced_at",
        key: 2,
    },
    Table {
        name: "contacts",
        cols: "case_id, person_id, phone, email, address, consent_given_by, consent_at",
        key: 2,
    },
    Table {
        name: "contact_shares",
        cols: "case_id, pos, whose, shared_with, at",
        key: 2,
    },
    Table {
        name: "frameworks",
        cols: "case_id, framework_id, professional, submitted_at",
        key: 2,
    },
    Table {
        name: "framework_items",
        cols: "case_id, framework_id, list, pos, item_id, text",
        key: 4,
    },
    Table {
        name: "conferences",
        cols: "case_id, pos, conference_id, number, date, place, language, interpreter, parts, ended_at, chair, information",
        key: 2,
    },
    Table {
        name: "plan_versions",
        cols: "case_id, version, written_by, by_scribe, decided_at, submitted_at, status, rules, monitors, conveners, evaluation_moments, contact_arrangement, not_tested",
        key: 2,
    },
    Table {
        name: "assessments",
        cols: "case_id, version, pos, framework_id, professional, verdicts, accepted, at",
        key: 3,
    },
    Table {
        name: "plan_items",
        cols: "case_id, version, kind, pos, item_id, what, from_person, start, due, frequency, answers, for_person, funding",
        key: 4,
    },
    Table {
        name: "item_people",
        cols: "case_id, version, item_pos, role, pos, person_id",
        key: 5,
    },
    Table {
        name: "distributions",
        cols: "case_id, pos, version, recipients, frameworks_attached, at",
        key: 2,
    },
    Table {
        name: "evaluations",
        cols: "case_id, evaluation_id, planned_on, planned_in, dropped_in, held_on, convened_by, present, plan_version, reviews, next_step, recorded_at, help_reviews",
        key: 2,
    },
    Table {
        name: "signals",
        cols: "case_id, pos, signal_id, raised_by, about, at, subject, assessment, resolution, resolved_at",
        key: 2,
    },
    Table {
        name: "satisfaction",
        cols: "case_id, pos, participant_group, score, at, person_id",
        key: 2,
    },
    Table {
        name: "consents",
        cols: "case_id, pos, person_id, matter, given, given_by, at",
        key: 2,
    },
];

// Indexes into TABLES, in the same order.
const CASES: usize = 0;
const PHASE_CHANGES: usize = 1;
const QUESTIONS: usize = 2;
const ORGANISATIONS: usize = 3;
const PEOPLE: usize = 4;
const ROLES: usize = 5;
const MAIN_PERSONS: usize = 6;
const NETWORK_MEMBERS: usize = 7;
const PROFESSIONALS: usize = 8;
const INTERPRETERS: usize = 9;
const COORDINATOR_ASSIGNMENTS: usize = 10;
const CONTACTS: usize = 11;
const CONTACT_SHARES: usize = 12;
const FRAMEWORKS: usize = 13;
const FRAMEWORK_ITEMS: usize = 14;
const CONFERENCES: usize = 15;
const PLAN_VERSIONS: usize = 16;
const ASSESSMENTS: usize = 17;
const PLAN_ITEMS: usize = 18;
const ITEM_PEOPLE: usize = 19;
const DISTRIBUTIONS: usize = 20;
const EVALUATIONS: usize = 21;
const SIGNALS: usize = 22;
const SATISFACTION: usize = 23;
const CONSENTS: usize = 24;

/// The upsert and the delete of each table, built once from [`TABLES`].
struct Statements {
    upsert: Vec<String>,
    delete: Vec<String>,
}

fn statements() -> Statements {
    let mut upsert = Vec::new();
    let mut delete = Vec::new();
    for t in TABLES {
        let cols: Vec<&str> = t.cols.split(", ").collect();
        let keys = &cols[..t.key];
        let holes: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let set: Vec<String> = cols[t.key..]
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        let action = if set.is_empty() {
            "NOTHING".to_string()
        } else {
            format!("UPDATE SET {}", set.join(", "))
        };
        upsert.push(format!(
            "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO {action}",
            t.name,
            t.cols,
            holes.join(", "),
            keys.join(", ")
        ));
        let cond: Vec<String> = keys
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{c} = ?{}", i + 1))
            .collect();
        delete.push(format!(
            "DELETE FROM {} WHERE {}",
            t.name,
            cond.join(" AND ")
        ));
    }
    Statements { upsert, delete }
}

pub struct NormalisedPeer {
    conn: Connection,
    sql: Statements,
}

// ---- values to columns

type Cells = Vec<V>;

fn id<K: IdKind>(x: Id<K>) -> V {
    V::Blob(x.as_u128().to_be_bytes().to_vec())
}
fn oid<K: IdKind>(x: Option<Id<K>>) -> V {
    x.map_or(V::Null, id)
}
fn time(x: DateTime<Utc>) -> V {
    // Exact to the nanosecond for the years the domain accepts (1900–2200).
    V::Integer(
        x.timestamp_nanos_opt()
            .expect("a time between 1677 and 2262"),
    )
}
fn otime(x: Option<DateTime<Utc>>) -> V {
    x.map_or(V::Null, time)
}
fn date(x: NaiveDate) -> V {
    V::Integer(x.num_days_from_ce() as i64)
}
fn odate(x: Option<NaiveDate>) -> V {
    x.map_or(V::Null, date)
}
fn text(x: &str) -> V {
    V::Text(x.to_owned())
}
fn otext(x: Option<&String>) -> V {
    x.map_or(V::Null, |s| text(s))
}
fn code(x: impl Display) -> V {
    V::Text(x.to_string())
}
fn ocode(x: Option<impl Display>) -> V {
    x.map_or(V::Null, code)
}
fn int(x: impl Into<i64>) -> V {
    V::Integer(x.into())
}
fn pos(i: usize) -> V {
    V::Integer(i as i64)
}
fn json<T: Serialize + ?Sized>(x: &T) -> V {
    V::Text(serde_json::to_string(x).expect("JSON of a domain value"))
}

const ROLE_MAIN: &str = "main_person";
const ROLE_NETWORK: &str = "network_member";
const ROLE_PROFESSIONAL: &str = "professional";
const ROLE_INTERPRETER: &str = "interpreter";
const ROLE_COORDINATOR: &str = "coordinator";
const ITEM_AGREEMENT: &str = "agreement";
const ITEM_HELP: &str = "help";
const CARRIES: &str = "carries";
const SUPPORTS: &str = "supports";
const LISTS: [&str; 4] = ["concern", "condition", "question", "criterion"];

fn person_row(k: &V, p: &Person) -> Cells {
    vec![
        k.clone(),
        id(p.id),
        text(&p.name),
        odate(p.birth_date),
        json(&p.languages),
    ]
}

/// Every row of `c`, table by table (in [`TABLES`] order).
fn rows(c: &Case) -> Vec<Vec<Cells>> {
    let mut t: Vec<Vec<Cells>> = vec![Vec::new(); TABLES.len()];
    let k = id(c.id);
    let (ending, outcome, note, ended_at) = match &c.ending {
        None => (V::Null, V::Null, V::Null, V::Null),
        Some(Ending::Closed { outcome, note, at }) => (
            text("closed"),
            code(outcome),
            otext(note.as_ref()),
            time(*at),
        ),
        Some(Ending::Withdrawn { reason, at }) => {
            (text("withdrawn"), V::Null, text(reason), time(*at))
        }
    };
    t[CASES].push(vec![
        k.clone(),
        V::Integer(c.version as i64),
        time(c.requested_at),
        time(c.updated_at),
        id(c.requested_by.person),
        code(c.requested_by.role),
        oid(c.requested_by.on_behalf_of),
        code(c.phase),
        code(c.variant),
        code(c.legal_basis),
        text(&c.description),
        json(&c.referral),
        int(c.consent_to_pass_contact),
        json(&c.preferences),
        oid(c.coordinator.as_ref().map(|a| a.coordinator.person.id)),
        ending,
        outcome,
        note,
        ended_at,
        ocode(c.subject.as_ref().map(|s| s.kind)),
        otext(c.subject.as_ref().map(|s| &s.name)),
        odate(c.plan_deadline),
        json(&c.antecedents),
        json(&c.referral_path),
        json(&c.measures),
        json(&c.representatives),
        json(&c.views),
        json(&c.help),
        json(&c.involvement_ended),
        json(&c.meetings),
        json(&c.arrangements),
        json(&c.withheld),
        json(&c.erasures),
    ]);
    for (i, p) in c.phases.iter().enumerate() {
        t[PHASE_CHANGES].push(vec![k.clone(), pos(i), code(p.phase), time(p.at)]);
    }
    for (i, q) in c.questions.iter().enumerate() {
        t[QUESTIONS].push(vec![k.clone(), pos(i), id(q.id), text(&q.text)]);
    }
    for o in c.organisations.values() {
        t[ORGANISATIONS].push(vec![k.clone(), id(o.id), text(&o.name), code(o.kind)]);
    }
    let role = |t: &mut Vec<Vec<Cells>>, p: PersonId, r: &str| {
        t[ROLES].push(vec![k.clone(), id(p), text(r)]);
    };
    for (i, m) in c.main_persons.iter().enumerate() {
        t[PEOPLE].push(person_row(&k, &m.person));
        role(&mut t, m.person.id, ROLE_MAIN);
        t[MAIN_PERSONS].push(vec![
            k.clone(),
            pos(i),
            id(m.person.id),
            ocode(m.party),
            c.main_participation.get(&m.person.id).map_or(V::Null, json),
        ]);
    }
    for m in c.network.values() {
        t[PEOPLE].push(person_row(&k, &m.person));
        role(&mut t, m.person.id, ROLE_NETWORK);
        t[NETWORK_MEMBERS].push(vec![
            k.clone(),
            id(m.person.id),
            json(&m.relations),
            code(m.side),
            int(m.minor),
            code(m.identified),
            time(m.identified_at),
            code(m.invitation),
            m.participation.as_ref().map_or(V::Null, json),
            json(&m.also),
            oid(m.organisation),
        ]);
    }
    for p in c.professionals.values() {
        t[PEOPLE].push(person_row(&k, &p.person));
        role(&mut t, p.person.id, ROLE_PROFESSIONAL);
        t[PROFESSIONALS].push(vec![
            k.clone(),
            id(p.person.id),
            id(p.organisation),
            code(p.role),
            otext(p.role_label.as_ref()),
        ]);
    }
    for i in c.interpreters.values() {
        t[PEOPLE].push(person_row(&k, &i.person));
        role(&mut t, i.person.id, ROLE_INTERPRETER);
        t[INTERPRETERS].push(vec![
            k.clone(),
            id(i.person.id),
            text(&i.language),
            json(&i.for_persons),
        ]);
    }
    let assignment =
        |a: &CoordinatorAssignment, i: usize, replaced: Option<(&String, DateTime<Utc>)>| {
            vec![
                k.clone(),
                pos(i),
                id(a.coordinator.person.id),
                json(&a.coordinator),
                id(a.regional_manager),
                time(a.assigned_at),
                otime(a.accepted_at),
                otext(a.reason.as_ref()),
                otext(replaced.map(|r| r.0)),
                otime(replaced.map(|r| r.1)),
            ]
        };
    for (i, f) in c.former_coordinators.iter().enumerate() {
        t[COORDINATOR_ASSIGNMENTS].push(assignment(
            &f.assignment,
            i,
            Some((&f.reason, f.ended_at)),
        ));
    }
    if let Some(a) = &c.coordinator {
        role(&mut t, a.coordinator.person.id, ROLE_COORDINATOR);
        t[COORDINATOR_ASSIGNMENTS].push(assignment(a, c.former_coordinators.len(), None));
    }
    for (p, r) in &c.contacts {
        t[CONTACTS].push(vec![
            k.clone(),
            id(*p),
            otext(r.details.phone.as_ref()),
            otext(r.details.email.as_ref()),
            otext(r.details.address.as_ref()),
            id(r.consent_given_by),
            time(r.consent_at),
        ]);
    }
    for (i, (whose, with, at)) in c.contact_shares.iter().enumerate() {
        t[CONTACT_SHARES].push(vec![k.clone(), pos(i), id(*whose), id(*with), time(*at)]);
    }
    for f in c.frameworks.values() {
        t[FRAMEWORKS].push(vec![
            k.clone(),
            id(f.id),
            id(f.professional),
            time(f.submitted_at),
        ]);
        let lists = [&f.concerns, &f.conditions, &f.questions, &f.criteria];
        for (list, items) in LISTS.iter().zip(lists) {
            for (i, item) in items.iter().enumerate() {
                t[FRAMEWORK_ITEMS].push(vec![
                    k.clone(),
                    id(f.id),
                    text(list),
                    pos(i),
                    id(item.id),
                    text(&item.text),
                ]);
            }
        }
    }
    for (i, f) in c.conferences.iter().enumerate() {
        t[CONFERENCES].push(vec![
            k.clone(),
            pos(i),
            id(f.id),
            int(f.number),
            date(f.date),
            text(&f.place),
            text(&f.language),
            int(f.interpreter),
            json(&f.parts),
            otime(f.ended_at),
            oid(f.chair),
            json(&f.information),
        ]);
    }
    for p in &c.plans {
        let v = int(p.version);
        t[PLAN_VERSIONS].push(vec![
            k.clone(),
            v.clone(),
            id(p.written_by),
            int(p.by_scribe),
            json(&p.decided_at),
            time(p.submitted_at),
            code(p.status),
            int(p.rules),
            json(&p.content.monitors),
            json(&p.content.conveners),
            json(&p.content.evaluations),
            otext(p.content.contact_arrangement.as_ref()),
            json(&p.not_tested),
        ]);
        for (i, a) in p.assessments.iter().enumerate() {
            t[ASSESSMENTS].push(vec![
                k.clone(),
                v.clone(),
                pos(i),
                id(a.framework),
                id(a.professional),
                json(&a.verdicts),
                int(a.accepted),
                time(a.at),
            ]);
        }
        for (i, a) in p.content.agreements.iter().enumerate() {
            t[PLAN_ITEMS].push(vec![
                k.clone(),
                v.clone(),
                text(ITEM_AGREEMENT),
                pos(i),
                id(a.id),
                text(&a.what),
                V::Null,
                odate(a.start),
                odate(a.due),
                otext(a.frequency.as_ref()),
                json(&a.answers),
                oid(a.for_person),
                ocode(a.funding),
            ]);
            for (role, people) in [(CARRIES, &a.carried_by), (SUPPORTS, &a.supporters)] {
                for (j, person) in people.iter().enumerate() {
                    t[ITEM_PEOPLE].push(vec![
                        k.clone(),
                        v.clone(),
                        pos(i),
                        text(role),
                        pos(j),
                        id(*person),
                    ]);
                }
            }
        }
        for (i, h) in p.content.requested_help.iter().enumerate() {
            t[PLAN_ITEMS].push(vec![
                k.clone(),
                v.clone(),
                text(ITEM_HELP),
                pos(i),
                id(h.id),
                text(&h.what),
                oid(h.from),
                V::Null,
                V::Null,
                V::Null,
                json(&h.answers),
                V::Null,
                ocode(h.funding),
            ]);
        }
    }
    for (i, d) in c.distributions.iter().enumerate() {
        t[DISTRIBUTIONS].push(vec![
            k.clone(),
            pos(i),
            int(d.version),
            json(&d.recipients),
            json(&d.frameworks_attached),
            time(d.at),
        ]);
    }
    for e in c.evaluations.values() {
        let h = e.held.as_ref();
        t[EVALUATIONS].push(vec![
            k.clone(),
            id(e.id),
            date(e.planned_on),
            int(e.planned_in),
            e.dropped_in.map_or(V::Null, int),
            odate(h.map(|h| h.held_on)),
            oid(h.map(|h| h.convened_by)),
            h.map_or(V::Null, |h| json(&h.present)),
            h.map_or(V::Null, |h| int(h.plan_version)),
            h.map_or(V::Null, |h| json(&h.reviews)),
            ocode(h.map(|h| h.next_step)),
            otime(h.map(|h| h.recorded_at)),
            h.map_or(V::Null, |h| json(&h.help_reviews)),
        ]);
    }
    for (i, s) in c.signals.iter().enumerate() {
        t[SIGNALS].push(vec![
            k.clone(),
            pos(i),
            id(s.id),
            id(s.raised_by),
            text(&s.about),
            time(s.at),
            oid(s.subject),
            otext(s.assessment.as_ref()),
            otext(s.resolution.as_ref()),
            otime(s.resolved_at),
        ]);
    }
    for (i, s) in c.satisfaction.iter().enumerate() {
        t[SATISFACTION].push(vec![
            k.clone(),
            pos(i),
            code(s.group),
            int(s.score),
            time(s.at),
            oid(s.person),
        ]);
    }
    for (i, r) in c.consents.iter().enumerate() {
        t[CONSENTS].push(vec![
            k.clone(),
            pos(i),
            id(r.person),
            code(r.matter),
            int(r.given),
            id(r.given_by),
            time(r.at),
        ]);
    }
    t
}

/// The primary key of a row, hashable.
#[derive(PartialEq, Eq, Hash)]
enum KeyCell<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    Blob(&'a [u8]),
}

fn key_of(row: &Cells, n: usize) -> Vec<KeyCell<'_>> {
    row[..n]
        .iter()
        .map(|v| match v {
            V::Null | V::Real(_) => KeyCell::Null,
            V::Integer(i) => KeyCell::Int(*i),
            V::Text(s) => KeyCell::Text(s),
            V::Blob(b) => KeyCell::Blob(b),
        })
        .collect()
}

// ---- columns to values

fn bad(what: impl Display) -> PeerError {
    PeerError(format!("normalised peer: {what}"))
}

fn g_id<K: IdKind>(r: &Row<'_>, i: usize) -> Result<Id<K>> {
    let b: [u8; 16] = r.get(i)?;
    Ok(Id::from_u128(u128::from_be_bytes(b)))
}
fn g_oid<K: IdKind>(r: &Row<'_>, i: usize) -> Result<Option<Id<K>>> {
    let b: Option<[u8; 16]> = r.get(i)?;
    Ok(b.map(|b| Id::from_u128(u128::from_be_bytes(b))))
}
fn g_time(r: &Row<'_>, i: usize) -> Result<DateTime<Utc>> {
    Ok(DateTime::from_timestamp_nanos(r.get(i)?))
}
fn g_otime(r: &Row<'_>, i: usize) -> Result<Option<DateTime<Utc>>> {
    Ok(r.get::<_, Option<i64>>(i)?
        .map(DateTime::from_timestamp_nanos))
}
fn to_date(d: i32) -> Result<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(d).ok_or_else(|| bad(format!("day {d}")))
}
fn g_date(r: &Row<'_>, i: usize) -> Result<NaiveDate> {
    to_date(r.get(i)?)
}
fn g_odate(r: &Row<'_>, i: usize) -> Result<Option<NaiveDate>> {
    r.get::<_, Option<i32>>(i)?.map(to_date).transpose()
}
fn g_str<'r>(r: &'r Row<'_>, i: usize) -> Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(bad)
}
fn g_code<T: FromStr>(r: &Row<'_>, i: usize) -> Result<T>
where
    T::Err: Display,
{
    g_str(r, i)?.parse().map_err(bad)
}
fn g_ocode<T: FromStr>(r: &Row<'_>, i: usize) -> Result<Option<T>>
where
    T::Err: Display,
{
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        v => Ok(Some(v.as_str().map_err(bad)?.parse().map_err(bad)?)),
    }
}
fn g_json<T: DeserializeOwned>(r: &Row<'_>, i: usize) -> Result<T> {
    serde_json::from_str(g_str(r, i)?).map_err(bad)
}
fn g_ojson<T: DeserializeOwned>(r: &Row<'_>, i: usize) -> Result<Option<T>> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        v => Ok(Some(
            serde_json::from_str(v.as_str().map_err(bad)?).map_err(bad)?,
        )),
    }
}
fn g_int<T: TryFrom<i64>>(r: &Row<'_>, i: usize) -> Result<T> {
    let v: i64 = r.get(i)?;
    T::try_from(v).map_err(|_| bad(format!("integer {v} out of range")))
}
fn g_pos(r: &Row<'_>, i: usize) -> Result<usize> {
    g_int(r, i)
}

/// Runs `sql` (which selects a case's rows of one table, in key order) and hands each row to
/// `each`.
fn each_row(
    conn: &Connection,
    sql: &str,
    key: &[u8; 16],
    mut each: impl FnMut(&Row<'_>) -> Result<()>,
) -> Result<()> {
    let mut st = conn.prepare_cached(sql)?;
    let mut rows = st.query(params![key])?;
    while let Some(r) = rows.next()? {
        each(r)?;
    }
    Ok(())
}

/// Reassembles case `id` from its tables.
fn load(conn: &Connection, id: CaseId) -> Result<Option<Case>> {
    let key = id.as_u128().to_be_bytes();
    let mut case: Option<Case> = None;
    each_row(
        conn,
        "SELECT version, requested_at, updated_at, requested_by, requested_by_role, requested_for,
                phase, variant, legal_basis, description, referral, consent_to_pass_contact, preferences,
                ending, outcome, ending_note, ended_at, subject_kind, subject_name, plan_deadline,
                antecedents, referral_path, measures, representatives, views, help, involvement_ended,
                meetings, arrangements, withheld, erasures
         FROM cases WHERE id = ?1",
        &key,
        |r| {
            let ending = match r.get_ref(13)? {
                ValueRef::Null => None,
                v => Some(match v.as_str().map_err(bad)? {
                    "closed" => Ending::Closed {
                        outcome: g_code(r, 14)?,
                        note: r.get(15)?,
                        at: g_time(r, 16)?,
                    },
                    "withdrawn" => Ending::Withdrawn {
                        reason: r.get(15)?,
                        at: g_time(r, 16)?,
                    },
                    other => return Err(bad(format!("ending {other}"))),
                }),
            };
            let subject = match g_ocode::<SubjectKind>(r, 17)? {
                Some(kind) => Some(CommunitySubject {
                    kind,
                    name: r.get(18)?,
                }),
                None => None,
            };
            case = Some(Case {
                id,
                version: g_int(r, 0)?,
                requested_at: g_time(r, 1)?,
                updated_at: g_time(r, 2)?,
                requested_by: Actor {
                    person: g_id(r, 3)?,
                    role: g_code(r, 4)?,
                    on_behalf_of: g_oid(r, 5)?,
                },
                phase: g_code(r, 6)?,
                phases: Vec::new(),
                variant: g_code(r, 7)?,
                legal_basis: g_code(r, 8)?,
                description: r.get(9)?,
                questions: Vec::new(),
                main_persons: Vec::new(),
                referral: g_json(r, 10)?,
                consent_to_pass_contact: r.get(11)?,
                preferences: g_json(r, 12)?,
                organisations: BTreeMap::new(),
                professionals: BTreeMap::new(),
                network: BTreeMap::new(),
                coordinator: None,
                contacts: BTreeMap::new(),
                contact_shares: Vec::new(),
                frameworks: BTreeMap::new(),
                conferences: Vec::new(),
                plans: Vec::new(),
                distributions: Vec::new(),
                evaluations: BTreeMap::new(),
                signals: Vec::new(),
                satisfaction: Vec::new(),
                ending,
                antecedents: g_json(r, 20)?,
                referral_path: g_json(r, 21)?,
                subject,
                plan_deadline: g_odate(r, 19)?,
                measures: g_json(r, 22)?,
                representatives: g_json(r, 23)?,
                consents: Vec::new(),
                views: g_json(r, 24)?,
                interpreters: BTreeMap::new(),
                help: g_json(r, 25)?,
                involvement_ended: g_json(r, 26)?,
                meetings: g_json(r, 27)?,
                arrangements: g_json(r, 28)?,
                former_coordinators: Vec::new(),
                main_participation: BTreeMap::new(),
                withheld: g_json(r, 29)?,
                erasures: g_json(r, 30)?,
            });
            Ok(())
        },
    )?;
    let Some(mut c) = case else {
        return Ok(None);
    };

    each_row(
        conn,
        "SELECT phase, at FROM phase_changes WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            c.phases.push(PhaseChange {
                phase: g_code(r, 0)?,
                at: g_time(r, 1)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT item_id, text FROM questions WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            c.questions.push(CaseQuestion {
                id: g_id(r, 0)?,
                text: r.get(1)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT org_id, name, kind FROM organisations WHERE case_id = ?1",
        &key,
        |r| {
            let o = Organisation {
                id: g_id(r, 0)?,
                name: r.get(1)?,
                kind: g_code(r, 2)?,
            };
            c.organisations.insert(o.id, o);
            Ok(())
        },
    )?;
    let mut people: HashMap<PersonId, Person> = HashMap::new();
    each_row(
        conn,
        "SELECT person_id, name, birth_date, languages FROM people WHERE case_id = ?1",
        &key,
        |r| {
            let p = Person {
                id: g_id(r, 0)?,
                name: r.get(1)?,
                birth_date: g_odate(r, 2)?,
                languages: g_json(r, 3)?,
            };
            people.insert(p.id, p);
            Ok(())
        },
    )?;
    let mut person = |id: PersonId| -> Result<Person> {
        people
            .remove(&id)
            .ok_or_else(|| bad(format!("person {id} missing from people")))
    };
    each_row(
        conn,
        "SELECT person_id, party, participation FROM main_persons WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            let id: PersonId = g_id(r, 0)?;
            if let Some(p) = g_ojson(r, 2)? {
                c.main_participation.insert(id, p);
            }
            c.main_persons.push(MainPerson {
                person: person(id)?,
                party: g_ocode(r, 1)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT person_id, relations, side, minor, identified, identified_at, invitation, participation,
                also, organisation
         FROM network_members WHERE case_id = ?1",
        &key,
        |r| {
            let id: PersonId = g_id(r, 0)?;
            c.network.insert(
                id,
                NetworkMember {
                    person: person(id)?,
                    relations: g_json(r, 1)?,
                    side: g_code(r, 2)?,
                    minor: r.get(3)?,
                    identified: g_code(r, 4)?,
                    identified_at: g_time(r, 5)?,
                    invitation: g_code(r, 6)?,
                    participation: g_ojson(r, 7)?,
                    also: g_json(r, 8)?,
                    organisation: g_oid(r, 9)?,
                },
            );
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT person_id, organisation, role, role_label FROM professionals WHERE case_id = ?1",
        &key,
        |r| {
            let id: PersonId = g_id(r, 0)?;
            c.professionals.insert(
                id,
                Professional {
                    person: person(id)?,
                    organisation: g_id(r, 1)?,
                    role: g_code(r, 2)?,
                    role_label: r.get(3)?,
                },
            );
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT person_id, language, for_persons FROM interpreters WHERE case_id = ?1",
        &key,
        |r| {
            let id: PersonId = g_id(r, 0)?;
            c.interpreters.insert(
                id,
                Interpreter {
                    person: person(id)?,
                    language: r.get(1)?,
                    for_persons: g_json(r, 2)?,
                },
            );
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT profile, regional_manager, assigned_at, accepted_at, reason, replaced_reason, replaced_at
         FROM coordinator_assignments WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            let assignment = CoordinatorAssignment {
                coordinator: g_json(r, 0)?,
                regional_manager: g_id(r, 1)?,
                assigned_at: g_time(r, 2)?,
                accepted_at: g_otime(r, 3)?,
                reason: r.get(4)?,
            };
            match r.get::<_, Option<String>>(5)? {
                Some(reason) => c.former_coordinators.push(FormerCoordinator {
                    assignment,
                    reason,
                    ended_at: g_time(r, 6)?,
                }),
                None => c.coordinator = Some(assignment),
            }
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT person_id, phone, email, address, consent_given_by, consent_at FROM contacts WHERE case_id = ?1",
        &key,
        |r| {
            c.contacts.insert(
                g_id(r, 0)?,
                ContactRecord {
                    details: ContactDetails {
                        phone: r.get(1)?,
                        email: r.get(2)?,
                        address: r.get(3)?,
                    },
                    consent_given_by: g_id(r, 4)?,
                    consent_at: g_time(r, 5)?,
                },
            );
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT whose, shared_with, at FROM contact_shares WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            c.contact_shares
                .push((g_id(r, 0)?, g_id(r, 1)?, g_time(r, 2)?));
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT framework_id, professional, submitted_at FROM frameworks WHERE case_id = ?1",
        &key,
        |r| {
            let f = SafetyFramework {
                id: g_id(r, 0)?,
                professional: g_id(r, 1)?,
                concerns: Vec::new(),
                conditions: Vec::new(),
                questions: Vec::new(),
                criteria: Vec::new(),
                submitted_at: g_time(r, 2)?,
            };
            c.frameworks.insert(f.id, f);
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT framework_id, list, item_id, text FROM framework_items WHERE case_id = ?1
         ORDER BY framework_id, list, pos",
        &key,
        |r| {
            let fid: FrameworkId = g_id(r, 0)?;
            let f = c
                .frameworks
                .get_mut(&fid)
                .ok_or_else(|| bad(format!("framework {fid} missing")))?;
            let list = match g_str(r, 1)? {
                "concern" => &mut f.concerns,
                "condition" => &mut f.conditions,
                "question" => &mut f.questions,
                "criterion" => &mut f.criteria,
                other => return Err(bad(format!("framework list {other}"))),
            };
            list.push(FrameworkItem {
                id: g_id(r, 2)?,
                text: r.get(3)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT conference_id, number, date, place, language, interpreter, parts, ended_at, chair, information
         FROM conferences WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            c.conferences.push(Conference {
                id: g_id(r, 0)?,
                number: g_int(r, 1)?,
                date: g_date(r, 2)?,
                place: r.get(3)?,
                language: r.get(4)?,
                interpreter: r.get(5)?,
                parts: g_json(r, 6)?,
                ended_at: g_otime(r, 7)?,
                chair: g_oid(r, 8)?,
                information: g_json(r, 9)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT version, written_by, by_scribe, decided_at, submitted_at, status, rules, monitors, conveners,
                evaluation_moments, contact_arrangement, not_tested
         FROM plan_versions WHERE case_id = ?1 ORDER BY version",
        &key,
        |r| {
            c.plans.push(PlanVersion {
                version: g_int(r, 0)?,
                content: PlanContent {
                    agreements: Vec::new(),
                    requested_help: Vec::new(),
                    monitors: g_json(r, 7)?,
                    conveners: g_json(r, 8)?,
                    evaluations: g_json(r, 9)?,
                    contact_arrangement: r.get(10)?,
                },
                written_by: g_id(r, 1)?,
                by_scribe: r.get(2)?,
                decided_at: g_json(r, 3)?,
                submitted_at: g_time(r, 4)?,
                assessments: Vec::new(),
                status: g_code(r, 5)?,
                not_tested: g_json(r, 11)?,
                rules: g_int(r, 6)?,
            });
            Ok(())
        },
    )?;
    if !c.plans.is_empty() {
        fn plan(plans: &mut [PlanVersion], version: u32) -> Result<&mut PlanVersion> {
            plans
                .iter_mut()
                .find(|p| p.version == version)
                .ok_or_else(|| bad(format!("plan version {version} missing")))
        }
        each_row(
            conn,
            "SELECT version, framework_id, professional, verdicts, accepted, at FROM assessments
             WHERE case_id = ?1 ORDER BY version, pos",
            &key,
            |r| {
                plan(&mut c.plans, g_int(r, 0)?)?
                    .assessments
                    .push(Assessment {
                        framework: g_id(r, 1)?,
                        professional: g_id(r, 2)?,
                        verdicts: g_json(r, 3)?,
                        accepted: r.get(4)?,
                        at: g_time(r, 5)?,
                    });
                Ok(())
            },
        )?;
        each_row(
            conn,
            "SELECT version, kind, item_id, what, from_person, start, due, frequency, answers, for_person,
                    funding
             FROM plan_items WHERE case_id = ?1 ORDER BY version, kind, pos",
            &key,
            |r| {
                let content = &mut plan(&mut c.plans, g_int(r, 0)?)?.content;
                match g_str(r, 1)? {
                    ITEM_AGREEMENT => content.agreements.push(Agreement {
                        id: g_id(r, 2)?,
                        what: r.get(3)?,
                        carried_by: Vec::new(),
                        supporters: Vec::new(),
                        start: g_odate(r, 5)?,
                        due: g_odate(r, 6)?,
                        frequency: r.get(7)?,
                        answers: g_json(r, 8)?,
                        for_person: g_oid(r, 9)?,
                        funding: g_ocode(r, 10)?,
                    }),
                    ITEM_HELP => content.requested_help.push(RequestedHelp {
                        id: g_id(r, 2)?,
                        what: r.get(3)?,
                        from: g_oid(r, 4)?,
                        answers: g_json(r, 8)?,
                        funding: g_ocode(r, 10)?,
                    }),
                    other => return Err(bad(format!("plan item kind {other}"))),
                }
                Ok(())
            },
        )?;
        each_row(
            conn,
            "SELECT version, item_pos, role, person_id FROM item_people WHERE case_id = ?1
             ORDER BY version, item_pos, role, pos",
            &key,
            |r| {
                let p = plan(&mut c.plans, g_int(r, 0)?)?;
                let i = g_pos(r, 1)?;
                let a = p
                    .content
                    .agreements
                    .get_mut(i)
                    .ok_or_else(|| bad(format!("agreement {i} missing")))?;
                let people = match g_str(r, 2)? {
                    CARRIES => &mut a.carried_by,
                    SUPPORTS => &mut a.supporters,
                    other => return Err(bad(format!("item role {other}"))),
                };
                people.push(g_id(r, 3)?);
                Ok(())
            },
        )?;
    }
    each_row(
        conn,
        "SELECT version, recipients, frameworks_attached, at FROM distributions WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            c.distributions.push(Distribution {
                version: g_int(r, 0)?,
                recipients: g_json(r, 1)?,
                frameworks_attached: g_json(r, 2)?,
                at: g_time(r, 3)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT evaluation_id, planned_on, planned_in, dropped_in, held_on, convened_by, present, plan_version,
                reviews, next_step, recorded_at, help_reviews
         FROM evaluations WHERE case_id = ?1",
        &key,
        |r| {
            let held = match g_odate(r, 4)? {
                None => None,
                Some(held_on) => Some(HeldEvaluation {
                    held_on,
                    convened_by: g_id(r, 5)?,
                    present: g_json(r, 6)?,
                    plan_version: g_int(r, 7)?,
                    reviews: g_json(r, 8)?,
                    next_step: g_code(r, 9)?,
                    recorded_at: g_time(r, 10)?,
                    help_reviews: g_json(r, 11)?,
                }),
            };
            let e = Evaluation {
                id: g_id(r, 0)?,
                planned_on: g_date(r, 1)?,
                planned_in: g_int(r, 2)?,
                held,
                dropped_in: r
                    .get::<_, Option<i64>>(3)?
                    .map(|v| u32::try_from(v).map_err(bad))
                    .transpose()?,
            };
            c.evaluations.insert(e.id, e);
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT signal_id, raised_by, about, at, subject, assessment, resolution, resolved_at
         FROM signals WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            c.signals.push(Signal {
                id: g_id(r, 0)?,
                raised_by: g_id(r, 1)?,
                about: r.get(2)?,
                at: g_time(r, 3)?,
                subject: g_oid(r, 4)?,
                assessment: r.get(5)?,
                resolution: r.get(6)?,
                resolved_at: g_otime(r, 7)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT participant_group, score, at, person_id FROM satisfaction WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            c.satisfaction.push(Satisfaction {
                group: g_code(r, 0)?,
                score: g_int(r, 1)?,
                at: g_time(r, 2)?,
                person: g_oid(r, 3)?,
            });
            Ok(())
        },
    )?;
    each_row(
        conn,
        "SELECT person_id, matter, given, given_by, at FROM consents WHERE case_id = ?1 ORDER BY pos",
        &key,
        |r| {
            c.consents.push(ConsentRecord {
                person: g_id(r, 0)?,
                matter: g_code(r, 1)?,
                given: r.get(2)?,
                given_by: g_id(r, 3)?,
                at: g_time(r, 4)?,
            });
            Ok(())
        },
    )?;
    Ok(Some(c))
}

impl NormalisedPeer {
    /// Opens or creates the peer database; `durable` chooses `synchronous=FULL` or `OFF`.
    pub fn open(path: &Path, durable: bool) -> Result<NormalisedPeer> {
        let conn = Connection::open(path)?;
        conn.execute_batch(&format!(
            "{} PRAGMA foreign_keys=ON; {SCHEMA}",
            crate::settings(durable)
        ))?;
        conn.set_prepared_statement_cache_capacity(128);
        Ok(NormalisedPeer {
            conn,
            sql: statements(),
        })
    }

    /// Executes `commands` in one transaction, all or none (like `Store::transaction`).
    pub fn execute_batch(
        &mut self,
        commands: &[(CaseId, Actor, DateTime<Utc>, Command)],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let mut touched: HashMap<CaseId, (Option<Case>, Case)> = HashMap::new();
        let mut order: Vec<CaseId> = Vec::new();
        let mut seq: i64 =
            tx.query_row("SELECT COALESCE(MAX(seq), 0) FROM events", [], |r| r.get(0))?;
        for (case, actor, at, command) in commands {
            if !touched.contains_key(case)
                && let Some(c) = load(&tx, *case)?
            {
                touched.insert(*case, (Some(c.clone()), c));
                order.push(*case);
            }
            let event = match touched.get_mut(case) {
                Some((_, state)) => {
                    let e = decide(Some(state), *case, *actor, *at, command.clone())?;
                    state.apply(&e);
                    e
                }
                None => {
                    let e = decide(None, *case, *actor, *at, command.clone())?;
                    touched.insert(*case, (None, Case::genesis(&e).expect("request")));
                    order.push(*case);
                    e
                }
            };
            seq += 1;
            tx.prepare_cached(
                "INSERT INTO events (seq, case_id, version, at, event) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?
            .execute(params![
                seq,
                case.as_u128().to_be_bytes(),
                event.version as i64,
                event.at.timestamp_millis(),
                encode(&event)?
            ])?;
        }
        for id in order {
            let (before, after) = &touched[&id];
            Self::write_case(&tx, &self.sql, before.as_ref(), after)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Writes the difference between `before` and `after` (a new case when `before` is
    /// `None`): removed rows deleted, children first; new and changed rows upserted, parents
    /// first; unchanged rows left alone.
    fn write_case(
        tx: &rusqlite::Transaction<'_>,
        sql: &Statements,
        before: Option<&Case>,
        after: &Case,
    ) -> Result<()> {
        let new = rows(after);
        let old = before
            .map(rows)
            .unwrap_or_else(|| vec![Vec::new(); TABLES.len()]);
        let mut upserts: Vec<Vec<&Cells>> = vec![Vec::new(); TABLES.len()];
        let mut deletes: Vec<Vec<&Cells>> = vec![Vec::new(); TABLES.len()];
        for (t, table) in TABLES.iter().enumerate() {
            let (old, new) = (&old[t], &new[t]);
            if old == new {
                continue;
            }
            if old.is_empty() {
                upserts[t].extend(new.iter());
                continue;
            }
            let was: HashMap<Vec<KeyCell<'_>>, &Cells> =
                old.iter().map(|r| (key_of(r, table.key), r)).collect();
            let mut kept = std::collections::HashSet::new();
            for r in new {
                let k = key_of(r, table.key);
                if was.get(&k) != Some(&r) {
                    upserts[t].push(r);
                }
                kept.insert(k);
            }
            deletes[t].extend(old.iter().filter(|r| !kept.contains(&key_of(r, table.key))));
        }
        for (t, table) in TABLES.iter().enumerate().rev() {
            for r in &deletes[t] {
                tx.prepare_cached(&sql.delete[t])?
                    .execute(params_from_iter(r[..table.key].iter()))?;
            }
        }
        for (t, rows) in upserts.iter().enumerate() {
            for r in rows {
                tx.prepare_cached(&sql.upsert[t])?
                    .execute(params_from_iter(r.iter()))?;
            }
        }
        Ok(())
    }

    /// Reads a whole case, reassembled from its tables in one read transaction (one snapshot,
    /// and one WAL read lock rather than one per statement).
    pub fn case(&self, id: CaseId) -> Result<Case> {
        let tx = self.conn.unchecked_transaction()?;
        let c = load(&tx, id)?.ok_or_else(|| bad(format!("no case {id}")))?;
        tx.finish()?;
        Ok(c)
    }

    pub fn history(&self, id: CaseId) -> Result<Vec<Event>> {
        let mut st = self
            .conn
            .prepare_cached("SELECT event FROM events WHERE case_id = ?1 ORDER BY version")?;
        let mut rows = st.query(params![id.as_u128().to_be_bytes()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(decode(r.get_ref(0)?.as_blob().map_err(bad)?)?);
        }
        Ok(out)
    }

    fn ids(&self, sql: &str, key: [u8; 16]) -> Result<Vec<CaseId>> {
        let mut st = self.conn.prepare_cached(sql)?;
        let mut rows = st.query(params![key])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(g_id(r, 0)?);
        }
        out.sort();
        Ok(out)
    }

    pub fn cases_of_coordinator(&self, p: PersonId) -> Result<Vec<CaseId>> {
        self.ids(
            "SELECT id FROM cases WHERE coordinator = ?1",
            p.as_u128().to_be_bytes(),
        )
    }

    pub fn cases_of_person(&self, p: PersonId) -> Result<Vec<CaseId>> {
        self.ids(
            "SELECT DISTINCT case_id FROM roles WHERE person_id = ?1",
            p.as_u128().to_be_bytes(),
        )
    }

    /// Open evaluations planned on or before `as_of`, of cases in follow-up. `CROSS JOIN`
    /// keeps SQLite's planner (which has no statistics) from starting at the phase index and
    /// visiting every case in follow-up: it walks the open evaluations and looks up each
    /// case's phase.
    pub fn evaluations_due(&self, as_of: NaiveDate) -> Result<Vec<(CaseId, EvaluationId)>> {
        let mut st = self.conn.prepare_cached(
            "SELECT e.case_id, e.evaluation_id FROM evaluations e CROSS JOIN cases c ON c.id = e.case_id
             WHERE e.planned_on <= ?1 AND e.held_on IS NULL AND e.dropped_in IS NULL AND c.phase = ?2
             ORDER BY e.planned_on, e.case_id, e.evaluation_id",
        )?;
        let mut rows = st.query(params![as_of.num_days_from_ce(), Phase::FollowUp.code()])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push((g_id(r, 0)?, g_id(r, 1)?));
        }
        Ok(out)
    }

    /// Every case, reassembled one by one from the tables, in id order, in one read
    /// transaction.
    pub fn all_cases(&self) -> Result<Vec<Case>> {
        let tx = self.conn.unchecked_transaction()?;
        let mut ids: Vec<CaseId> = Vec::new();
        {
            let mut st = tx.prepare_cached("SELECT id FROM cases ORDER BY id")?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                ids.push(g_id(r, 0)?);
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(load(&tx, id)?.ok_or_else(|| bad(format!("no case {id}")))?);
        }
        tx.finish()?;
        Ok(out)
    }
}

crate::sqlite_peer!(NormalisedPeer);
