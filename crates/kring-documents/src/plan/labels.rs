//! Every word the plan document prints that is not the case's own text, in one table per
//! language. The Dutch labels are the terms of the glossary in `docs/domain.md`
//! (familiegroepsplan, afspraak, bewaker van het plan, kaders m.b.t. veiligheid, …); the
//! English ones are the names the code uses. Adding a field makes both tables fail to
//! compile until both say it.

use chrono::NaiveDate;
use kring_domain::{ConferencePart, Funding, LegalBasis, PlanStatus};

use crate::Lang;

/// The labels of one language.
#[derive(Debug)]
pub(crate) struct Labels {
    /// The language of the table.
    pub lang: Lang,
    /// The word joining the last two names of a list ("en", "and").
    pub and: &'static str,

    // The title, after the legal basis of the plan (domain.md, "What it is").
    pub title_jeugdwet: &'static str,
    pub title_wmo: &'static str,
    pub title_wvggz: &'static str,
    pub title_other: &'static str,
    /// Between the title and the main persons: "Familiegroepsplan voor Daan".
    pub for_persons: &'static str,

    // The facts under the title.
    pub version: &'static str,
    pub date: &'static str,
    pub status: &'static str,
    pub decided: &'static str,
    pub written_by: &'static str,
    pub on_behalf: &'static str,
    pub coordinator: &'static str,
    pub distributed_on: &'static str,
    pub printed_for: &'static str,
    pub newer_version: &'static str,
    pub conference: &'static str,
    pub follow_up_conference: &'static str,
    /// "Decided" at a conference, an evaluation, or outside both.
    pub at_conference: &'static str,
    pub at_follow_up_conference: &'static str,
    pub at_evaluation: &'static str,
    pub outside_meeting: &'static str,
    /// Between a meeting and its date: "van", "of".
    pub of: &'static str,
    pub by: &'static str,

    // Plan status.
    pub status_presented: &'static str,
    pub status_accepted: &'static str,
    pub status_not_accepted: &'static str,
    pub status_superseded: &'static str,

    // Section: the questions.
    pub questions: &'static str,

    // Section: who was at the conference.
    pub attendance: &'static str,
    pub person: &'static str,
    pub role: &'static str,
    pub part_information: &'static str,
    pub part_private_time: &'static str,
    pub part_presentation: &'static str,
    pub present_mark_legend: &'static str,
    pub chair: &'static str,
    pub role_main_person: &'static str,
    pub role_network: &'static str,
    pub role_professional: &'static str,
    pub role_interpreter: &'static str,
    pub role_coordinator: &'static str,
    pub no_conference: &'static str,

    // Section: the agreements.
    pub agreements: &'static str,
    pub agreement: &'static str,
    pub together_with: &'static str,
    pub supporters: &'static str,
    pub from: &'static str,
    pub until: &'static str,
    pub how_often: &'static str,
    pub for_person: &'static str,
    pub funding: &'static str,
    pub answers: &'static str,
    pub no_agreements: &'static str,

    // Funding.
    pub funding_personal_budget: &'static str,
    pub funding_in_kind: &'static str,
    pub funding_own_means: &'static str,
    pub funding_insurance: &'static str,
    pub funding_other: &'static str,

    // Section: help asked of professionals.
    pub requested_help: &'static str,
    pub help_intro: &'static str,
    pub what: &'static str,
    pub from_whom: &'static str,
    pub not_named: &'static str,
    pub no_help: &'static str,

    // Section: who watches over the plan.
    pub safeguards: &'static str,
    pub monitors: &'static str,
    pub conveners: &'static str,
    pub contact_arrangement: &'static str,

    // Section: evaluation.
    pub evaluations: &'static str,
    pub held_on: &'static str,
    pub dropped: &'static str,

    // Section: the acceptance.
    pub acceptance: &'static str,
    pub acceptance_intro: &'static str,
    pub item: &'static str,
    pub verdict: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub accepted_on: &'static str,
    pub not_accepted_on: &'static str,
    pub not_tested: &'static str,
    pub not_yet_assessed: &'static str,
    pub no_frameworks: &'static str,
    pub only_own_frameworks: &'static str,
    pub unknown_item: &'static str,

    // The frameworks stapled to the plan.
    pub appendix: &'static str,
    pub framework: &'static str,
    pub submitted_on: &'static str,
    pub concerns: &'static str,
    pub conditions: &'static str,
    pub framework_questions: &'static str,
    pub criteria: &'static str,
    pub concern: &'static str,
    pub condition: &'static str,
    pub framework_question: &'static str,
    pub criterion: &'static str,

    // Where the reader may not see something, and who is not known to them.
    pub not_shown: &'static str,
    pub unknown_person: &'static str,
}

impl Labels {
    /// The labels of `lang`.
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }

    /// A date as people write it: `1 april 2026`, `1 April 2026` ([`Lang::date`]).
    pub fn date(&self, d: NaiveDate) -> String {
        self.lang.date(d)
    }

    /// `A`, `A en B`, `A, B en C`.
    pub fn list(&self, items: &[String]) -> String {
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [first @ .., last] => format!("{} {} {last}", first.join(", "), self.and),
        }
    }

    /// The document's title after the legal basis of the plan.
    pub fn title(&self, basis: LegalBasis) -> &'static str {
        match basis {
            LegalBasis::JeugdwetFamiliegroepsplan => self.title_jeugdwet,
            LegalBasis::WmoPersoonlijkPlan => self.title_wmo,
            LegalBasis::WvggzEigenPlanVanAanpak => self.title_wvggz,
            LegalBasis::Other | LegalBasis::YouthProbation | LegalBasis::JuvenileCriminalLaw => {
                self.title_other
            }
        }
    }

    /// Where a plan version stands.
    pub fn plan_status(&self, status: PlanStatus) -> &'static str {
        match status {
            PlanStatus::Presented => self.status_presented,
            PlanStatus::Accepted => self.status_accepted,
            PlanStatus::NotAccepted => self.status_not_accepted,
            PlanStatus::Superseded => self.status_superseded,
        }
    }

    /// A part of a conference.
    pub fn part(&self, part: ConferencePart) -> &'static str {
        match part {
            ConferencePart::Information => self.part_information,
            ConferencePart::PrivateTime => self.part_private_time,
            ConferencePart::Presentation => self.part_presentation,
        }
    }

    /// How something is paid for.
    pub fn funding_kind(&self, funding: Funding) -> &'static str {
        match funding {
            Funding::PersonalBudget => self.funding_personal_budget,
            Funding::InKind => self.funding_in_kind,
            Funding::OwnMeans => self.funding_own_means,
            Funding::Insurance => self.funding_insurance,
            Funding::Other => self.funding_other,
        }
    }
}

/// Dutch: the terms of the glossary in `docs/domain.md`.
static NL: Labels = Labels {
    lang: Lang::Nl,
    and: "en",

    title_jeugdwet: "Familiegroepsplan",
    title_wmo: "Persoonlijk plan",
    title_wvggz: "Eigen plan van aanpak",
    title_other: "Eigen Kracht-plan",
    for_persons: "voor",

    version: "Versie",
    date: "Datum",
    status: "Status",
    decided: "Besloten",
    written_by: "Opgeschreven door",
    on_behalf: "namens de kring",
    coordinator: "Eigen Kracht-coördinator",
    distributed_on: "Verstuurd op",
    printed_for: "Afgedrukt voor",
    newer_version: "Er is een nieuwere versie van dit plan: versie",
    conference: "Eigen Kracht-conferentie",
    follow_up_conference: "Vervolgconferentie",
    at_conference: "op de Eigen Kracht-conferentie",
    at_follow_up_conference: "op de vervolgconferentie",
    at_evaluation: "op de evaluatie",
    outside_meeting: "buiten een bijeenkomst, op",
    of: "van",
    by: "door",

    status_presented: "Gepresenteerd, nog niet getoetst",
    status_accepted: "Geaccepteerd",
    status_not_accepted: "Niet geaccepteerd",
    status_superseded: "Vervangen door een latere versie",

    questions: "Vragen aan de conferentie",

    attendance: "Wie waren er op de conferentie",
    person: "Naam",
    role: "Rol",
    part_information: "Informatiedeel",
    part_private_time: "Besloten tijd",
    part_presentation: "Presentatie van het plan",
    present_mark_legend: "✓ aanwezig, – niet aanwezig",
    chair: "Voorzitter van de besloten tijd",
    role_main_person: "Hoofdpersoon",
    role_network: "Netwerklid",
    role_professional: "Hulpverlener",
    role_interpreter: "Tolk",
    role_coordinator: "Eigen Kracht-coördinator",
    no_conference: "Er is nog geen conferentie gehouden.",

    agreements: "Afspraken",
    agreement: "Afspraak",
    together_with: "samen met",
    supporters: "Met steun van",
    from: "Vanaf",
    until: "Tot",
    how_often: "Hoe vaak",
    for_person: "Voor",
    funding: "Betaald uit",
    answers: "Antwoord op",
    no_agreements: "Dit plan bevat geen afspraken.",

    funding_personal_budget: "persoonsgebonden budget (pgb)",
    funding_in_kind: "zorg in natura",
    funding_own_means: "eigen middelen",
    funding_insurance: "verzekering",
    funding_other: "anders",

    requested_help: "Gevraagde hulp",
    help_intro: "Wat de familie vraagt van hulpverleners, zodat de hulp bij het plan past.",
    what: "Wat",
    from_whom: "Van wie",
    not_named: "niemand genoemd",
    no_help: "De familie vraagt in dit plan geen hulp van hulpverleners.",

    safeguards: "Bewaking van het plan",
    monitors: "Bewaker van het plan",
    conveners: "Wie de mensen bij elkaar roept",
    contact_arrangement: "Contact met de hulpverleners over de voortgang",

    evaluations: "Evaluatie",
    held_on: "gehouden op",
    dropped: "vervallen",

    acceptance: "Toetsing en acceptatie",
    acceptance_intro: "Het oordeel van elke hulpverlener over deze versie, getoetst aan de eigen kaders m.b.t. veiligheid.",
    item: "Onderdeel",
    verdict: "Oordeel",
    met: "Voldaan",
    not_met: "Niet voldaan",
    accepted_on: "Geaccepteerd op",
    not_accepted_on: "Niet geaccepteerd op",
    not_tested: "Niet getoetst",
    not_yet_assessed: "Nog niet getoetst.",
    no_frameworks: "Er zijn geen kaders m.b.t. veiligheid ingediend.",
    only_own_frameworks: "Alleen de eigen kaders van deze lezer zijn opgenomen.",
    unknown_item: "onderdeel dat niet meer in de kaders staat",

    appendix: "Bijlage",
    framework: "Kaders m.b.t. veiligheid",
    submitted_on: "Ingediend op",
    concerns: "Zorgen",
    conditions: "Kaders (voorwaarden)",
    framework_questions: "Vragen",
    criteria: "Criteria waaraan het plan getoetst wordt",
    concern: "Zorg",
    condition: "Kader",
    framework_question: "Vraag",
    criterion: "Criterium",

    not_shown: "Niet getoond voor deze lezer.",
    unknown_person: "onbekend",
};

/// English: the names the code uses.
static EN: Labels = Labels {
    lang: Lang::En,
    and: "and",

    title_jeugdwet: "Family group plan",
    title_wmo: "Personal plan",
    title_wvggz: "Own plan of action",
    title_other: "Family group conference plan",
    for_persons: "for",

    version: "Version",
    date: "Date",
    status: "Status",
    decided: "Decided",
    written_by: "Written down by",
    on_behalf: "on the circle's behalf",
    coordinator: "Coordinator",
    distributed_on: "Distributed on",
    printed_for: "Printed for",
    newer_version: "There is a newer version of this plan: version",
    conference: "Family group conference",
    follow_up_conference: "Follow-up conference",
    at_conference: "at the family group conference",
    at_follow_up_conference: "at the follow-up conference",
    at_evaluation: "at the evaluation",
    outside_meeting: "outside a meeting, on",
    of: "of",
    by: "by",

    status_presented: "Presented, not yet assessed",
    status_accepted: "Accepted",
    status_not_accepted: "Not accepted",
    status_superseded: "Superseded by a later version",

    questions: "Questions for the conference",

    attendance: "Who was at the conference",
    person: "Name",
    role: "Role",
    part_information: "Information part",
    part_private_time: "Private time",
    part_presentation: "Plan presentation",
    present_mark_legend: "✓ present, – not present",
    chair: "Chair of private time",
    role_main_person: "Main person",
    role_network: "Network member",
    role_professional: "Professional",
    role_interpreter: "Interpreter",
    role_coordinator: "Coordinator",
    no_conference: "No conference has been held yet.",

    agreements: "Agreements",
    agreement: "Agreement",
    together_with: "together with",
    supporters: "Supported by",
    from: "From",
    until: "Until",
    how_often: "How often",
    for_person: "For",
    funding: "Paid by",
    answers: "Answers",
    no_agreements: "This plan has no agreements.",

    funding_personal_budget: "personal budget",
    funding_in_kind: "care in kind",
    funding_own_means: "own means",
    funding_insurance: "insurance",
    funding_other: "other",

    requested_help: "Requested help",
    help_intro: "What the family asks of professionals, so that the help fits the plan.",
    what: "What",
    from_whom: "From whom",
    not_named: "nobody named",
    no_help: "The family asks no help of professionals in this plan.",

    safeguards: "Watching over the plan",
    monitors: "Monitor of the plan",
    conveners: "Convener: calls everyone together when the plan falters",
    contact_arrangement: "Keeping the professionals informed of progress",

    evaluations: "Evaluation",
    held_on: "held on",
    dropped: "dropped",

    acceptance: "Assessment and acceptance",
    acceptance_intro: "Each professional's verdict on this version, tested against their safety framework.",
    item: "Item",
    verdict: "Verdict",
    met: "Met",
    not_met: "Not met",
    accepted_on: "Accepted on",
    not_accepted_on: "Not accepted on",
    not_tested: "Not tested",
    not_yet_assessed: "Not yet assessed.",
    no_frameworks: "No safety framework was handed in.",
    only_own_frameworks: "Only this reader's own framework is included.",
    unknown_item: "an item no longer in the framework",

    appendix: "Appendix",
    framework: "Safety framework",
    submitted_on: "Submitted on",
    concerns: "Concerns",
    conditions: "Conditions (bottom lines)",
    framework_questions: "Questions",
    criteria: "Criteria the plan is tested against",
    concern: "Concern",
    condition: "Condition",
    framework_question: "Question",
    criterion: "Criterion",

    not_shown: "Not shown for this reader.",
    unknown_person: "unknown",
};
