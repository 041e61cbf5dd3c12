//! Errors are data: every failure has a stable code that the Python and Node bindings expose
//! unchanged, and a rule violation names the rule and the ids involved.

use serde::{Deserialize, Serialize};

use crate::model::code_enum;

code_enum! {
    /// A named rule of the model. Rules 1–8 are the rules of `docs/domain.md` (traced to the
    /// seeds); the others are structural invariants. The code is stable forever.
    Rule {
        /// Rule 1: only the main person(s) and their circle decide what is in the plan; the
        /// coordinator may write it down on their behalf, a professional never.
        PlanByCircle = "plan_by_circle",
        /// Rule 2: during private time no professional and no coordinator is present.
        PrivateTime = "private_time",
        /// Rule 3: the coordinator is independent of every organisation giving help in the
        /// case and is not in the circle.
        CoordinatorIndependent = "coordinator_independent",
        /// Rule 4: a good and safe plan is always accepted; it may be refused only by naming
        /// a condition it does not meet.
        SafePlanAccepted = "safe_plan_accepted",
        /// Rule 5: a plan names a monitor and a convener from the network and at least one
        /// evaluation moment.
        PlanSafeguards = "plan_safeguards",
        /// Rule 6: every agreement is carried by named members of the circle; help asked of
        /// professionals is a separate list.
        AgreementsCarriedByCircle = "agreements_carried_by_circle",
        /// Rule 7: phases move only along the lifecycle; nothing is lost when a plan is revised.
        Lifecycle = "lifecycle",
        /// Rule 8: contact details are stored and passed on only with consent.
        ContactConsent = "contact_consent",
        /// Ids are unique within their kind in a case.
        UniqueIds = "unique_ids",
        /// Every id a command refers to exists in the case, with the right role.
        ReferencesResolve = "references_resolve",
        /// Times in a case never go backwards, and dates within a command are in order.
        TimeOrder = "time_order",
        /// A restorative case has a harmed and a responsible party; other variants have none.
        CaseParties = "case_parties",
        /// Every item of a framework is assessed exactly once, and only by its professional.
        AssessmentComplete = "assessment_complete",
        /// An evaluation reviews every agreement of the plan version in force.
        EvaluationComplete = "evaluation_complete",
        /// The plan goes out with every safety framework of the case attached (guide, "Na afloop").
        FrameworksAttached = "frameworks_attached",
        /// An invitation moves identified → invited → confirmed / declined / unreachable.
        InvitationFlow = "invitation_flow",
        /// A case stays within the sizes of `limits` (people, plan versions, signals, …).
        CaseLimits = "case_limits",
        /// Rule 8, second part: contact details and whereabouts withheld from a person are
        /// never passed on to them, and reads made for them leave them out (format 5).
        DetailsWithheld = "details_withheld",
    }
}

impl Rule {
    /// The number of the rule in `docs/domain.md`, for rules 1–8.
    pub fn number(self) -> Option<u8> {
        Some(match self {
            Rule::PlanByCircle => 1,
            Rule::PrivateTime => 2,
            Rule::CoordinatorIndependent => 3,
            Rule::SafePlanAccepted => 4,
            Rule::PlanSafeguards => 5,
            Rule::AgreementsCarriedByCircle => 6,
            Rule::Lifecycle => 7,
            Rule::ContactConsent | Rule::DetailsWithheld => 8,
            _ => return None,
        })
    }
}

/// Everything the domain can refuse. `#[non_exhaustive]`: match on [`Error::code`] for a
/// stable answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Error {
    /// The command breaks a rule of the model.
    #[error("rule `{rule}` violated: {message} [{}]", ids.join(", "))]
    RuleViolation {
        rule: Rule,
        message: String,
        /// The ids involved, in their text form.
        ids: Vec<String>,
    },
    /// The actor's role may not make this command, or the actor does not hold that role in
    /// the case.
    #[error("permission denied: {role} may not {command}: {message}")]
    PermissionDenied {
        role: String,
        command: String,
        message: String,
        /// The rule behind the refusal, when one of the named rules is.
        rule: Option<Rule>,
    },
    /// An id that should exist does not.
    #[error("{kind} `{id}` not found")]
    NotFound { kind: String, id: String },
    /// A value is malformed: empty where text is required, out of range, unknown code, …
    #[error("invalid {field}: {message}")]
    InvalidInput { field: String, message: String },
}

impl Error {
    /// The stable code of this error: `rule_violation`, `permission_denied`, `not_found`,
    /// `invalid_input`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::RuleViolation { .. } => "rule_violation",
            Error::PermissionDenied { .. } => "permission_denied",
            Error::NotFound { .. } => "not_found",
            Error::InvalidInput { .. } => "invalid_input",
        }
    }

    /// The rule involved, if any.
    pub fn rule(&self) -> Option<Rule> {
        match self {
            Error::RuleViolation { rule, .. } => Some(*rule),
            Error::PermissionDenied { rule, .. } => *rule,
            _ => None,
        }
    }

    /// The ids involved, in text form.
    pub fn ids(&self) -> Vec<String> {
        match self {
            Error::RuleViolation { ids, .. } => ids.clone(),
            Error::NotFound { id, .. } => vec![id.clone()],
            _ => Vec::new(),
        }
    }

    pub(crate) fn rule_violation(
        rule: Rule,
        message: impl Into<String>,
        ids: impl IntoIterator<Item = String>,
    ) -> Self {
        Error::RuleViolation {
            rule,
            message: redact(&message.into()),
            ids: ids.into_iter().collect(),
        }
    }

    /// An `invalid_input` error for `field`. The message is [`redact`]ed: a value it quotes
    /// is kept only when it reads as a code or an id.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: redact(&field.into()),
            message: redact(&message.into()),
        }
    }

    pub(crate) fn not_found(kind: &str, id: impl ToString) -> Self {
        Error::NotFound {
            kind: kind.to_string(),
            id: id.to_string(),
        }
    }
}

/// Shorthand for results of the domain.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The longest message [`redact`] lets through, in characters.
pub const MAX_MESSAGE: usize = 300;

/// A message made safe to show and to log: every quoted part (between `"` or `` ` ``) that
/// does not read as a code (`[a-z_][a-z0-9_]*`, at most 40 characters) or an id
/// (`kind_` and 26 base32 characters) becomes `…`, and the whole is cut to
/// [`MAX_MESSAGE`] characters. Parsers quote what they were given (`unknown variant
/// "…"`, `invalid type: string "…"`): a name, a phone number or free text passed in the
/// wrong place must not travel on in an error, into a log or to another user.
pub fn redact(message: &str) -> String {
    let mut out = String::with_capacity(message.len().min(MAX_MESSAGE + 8));
    let mut chars = message.chars().peekable();
    let mut shown = 0;
    while let Some(c) = chars.next() {
        if shown >= MAX_MESSAGE {
            out.push('…');
            break;
        }
        if c != '"' && c != '`' {
            out.push(c);
            shown += 1;
            continue;
        }
        // A quoted part, to its closing quote (a backslash escapes the next character).
        let mut quoted = String::new();
        let mut closed = false;
        while let Some(q) = chars.next() {
            if q == '\\' {
                if let Some(escaped) = chars.next() {
                    quoted.push('\\');
                    quoted.push(escaped);
                }
                continue;
            }
            if q == c {
                closed = true;
                break;
            }
            if quoted.len() <= 64 {
                quoted.push(q);
            }
        }
        out.push(c);
        if is_code(&quoted) || is_id(&quoted) {
            out.push_str(&quoted);
            shown += quoted.chars().count();
        } else {
            out.push('…');
            shown += 1;
        }
        if closed {
            out.push(c);
        }
        shown += 2;
    }
    out
}

/// A code or a field name: lower-case letters, digits and underscores, not starting with a
/// digit, at most 40 characters.
fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && !s.starts_with(|c: char| c.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// An id in its text form: a lower-case kind, `_`, and 26 base32 characters.
fn is_id(s: &str) -> bool {
    match s.rsplit_once('_') {
        Some((kind, body)) => {
            !kind.is_empty()
                && kind.bytes().all(|b| b.is_ascii_lowercase())
                && body.len() == 26
                && body
                    .bytes()
                    .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        }
        None => false,
    }
}

#[cfg(test)]
mod redaction {
    use super::*;

    #[test]
    fn codes_and_ids_stay_and_everything_else_quoted_goes() {
        assert_eq!(
            redact("unknown variant `wizard`, expected one of `coordinator`, `professional`"),
            "unknown variant `wizard`, expected one of `coordinator`, `professional`"
        );
        assert_eq!(
            redact(r#"invalid type: string "Anna de Vries", expected u32"#),
            r#"invalid type: string "…", expected u32"#
        );
        assert_eq!(
            redact("`case_01KJPWD6M0EFK94DPZF9JKTHT6` not found"),
            "`case_01KJPWD6M0EFK94DPZF9JKTHT6` not found"
        );
        assert_eq!(redact(r#"phone "06-12345678""#), r#"phone "…""#);
        // An escaped quote does not end the quoted part early.
        assert_eq!(
            redact(r#"invalid value "Ann \"Marker\" Smit" here"#),
            r#"invalid value "…" here"#
        );
        // An unclosed quote hides the rest.
        assert_eq!(redact("bad `Marker Street 7"), "bad `…");
        // Plain text is kept, up to the limit.
        assert_eq!(redact("the case's plan"), "the case's plan");
        let long = redact(&"x".repeat(20_000));
        assert_eq!(long.chars().count(), MAX_MESSAGE + 1);
        let quoted = redact(&format!("\"{}\"", "y".repeat(10_000_000)));
        assert_eq!(quoted, "\"…\"");
    }
}
