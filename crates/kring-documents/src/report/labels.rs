//! Every word the report prints, in one table per language. The measures' names follow
//! `docs/research.md`; the Dutch words are those of the practice (aanvraag, besloten tijd,
//! kring, afspraken, gevraagde hulp). Adding a field makes both tables fail to compile until
//! both say it; the codes of the domain's vocabularies are matched exhaustively.

use chrono::NaiveDate;
use kring_domain::{LegalBasis, Outcome, ParticipantGroup, Phase, Variant};
use kring_research::measures::GroupBy;

use crate::Lang;

/// The labels of one language.
#[derive(Debug)]
pub(crate) struct Labels {
    pub lang: Lang,
    /// The decimal separator.
    pub decimal: char,
    /// The separator of thousands.
    pub thousands: char,

    pub title: &'static str,
    pub period: &'static str,
    pub all_requests: &'static str,
    pub from_on: &'static str,
    pub through: &'static str,
    pub grouping: &'static str,
    pub group_none: &'static str,
    pub group_variant: &'static str,
    pub group_legal_basis: &'static str,
    pub group_organisation: &'static str,
    pub requests_in_period: &'static str,
    pub groups: &'static str,
    pub disclosure: &'static str,
    pub pseudonymised: &'static str,
    pub identifying: &'static str,
    pub made_on: &'static str,

    /// Pseudonymised: what is withheld; `{min}` is the threshold.
    pub pseudonymised_note: &'static str,
    /// `{n}` values withheld in all.
    pub withheld_total: &'static str,
    pub identifying_note: &'static str,
    /// The legend of `—`, pseudonymised (`{min}`) and identifying.
    pub withheld_legend: &'static str,
    pub missing_legend: &'static str,
    /// A group withheld whole (`{min}`).
    pub group_withheld: &'static str,
    pub no_groups: &'static str,
    /// Groups withheld whole are in the summary only (`{min}`).
    pub withheld_groups_note: &'static str,
    pub every_group_withheld: &'static str,
    /// A figure too tall for a page.
    pub figure_too_tall: &'static str,
    /// A figure with nothing to draw.
    pub figure_empty: &'static str,
    pub cohort_note: &'static str,

    pub group: &'static str,
    pub all_cases: &'static str,
    pub family_request: &'static str,

    // The summary.
    pub summary: &'static str,
    pub values_withheld: &'static str,
    pub summary_days: &'static str,
    pub summary_circle: &'static str,
    pub summary_kept: &'static str,

    // Uptake.
    pub uptake: &'static str,
    pub uptake_intro: &'static str,
    pub requests: &'static str,
    pub conferences_held: &'static str,
    pub withdrawn: &'static str,
    pub closed: &'static str,
    pub open: &'static str,
    pub uptake_figure: &'static str,
    pub uptake_caption: &'static str,
    pub withdrawn_by_phase: &'static str,
    pub phase_caption: &'static str,
    pub closed_by_outcome: &'static str,
    pub outcome: &'static str,

    // Timing.
    pub timing: &'static str,
    pub timing_intro: &'static str,
    pub to_coordinator: &'static str,
    pub to_conference: &'static str,
    pub cases: &'static str,
    pub mean: &'static str,
    pub median_quartiles: &'static str,
    pub box_caption: &'static str,

    // The circle.
    pub circle: &'static str,
    pub circle_intro: &'static str,
    pub circle_size: &'static str,
    pub network_members: &'static str,
    pub main_persons: &'static str,
    pub circle_figure: &'static str,
    pub widening: &'static str,
    pub at_intake: &'static str,
    pub widening_circle: &'static str,
    pub at_conference: &'static str,
    pub cases_widened: &'static str,
    pub widening_caption: &'static str,

    // Attendance.
    pub attendance: &'static str,
    pub attendance_intro: &'static str,
    pub information: &'static str,
    pub private_time: &'static str,
    pub presentation: &'static str,
    pub circle_present: &'static str,
    pub persons_present: &'static str,
    pub attendance_caption: &'static str,

    // Plan items.
    pub plan_items: &'static str,
    pub plan_items_intro: &'static str,
    pub plans: &'static str,
    pub agreements: &'static str,
    pub requested_help: &'static str,
    pub network_share: &'static str,
    pub items_per_plan: &'static str,
    pub plan_items_caption: &'static str,

    // Acceptance.
    pub acceptance: &'static str,
    pub acceptance_intro: &'static str,
    pub accepted: &'static str,
    pub first_time: &'static str,
    pub after_private_time: &'static str,
    pub acceptance_caption: &'static str,

    // Agreements kept.
    pub kept: &'static str,
    pub kept_intro: &'static str,
    pub first_evaluation: &'static str,
    pub three_months: &'static str,
    pub kept_reviews: &'static str,
    pub kept_share: &'static str,
    pub kept_caption: &'static str,

    // Follow-up.
    pub follow_up: &'static str,
    pub follow_up_intro: &'static str,
    pub with_follow_up: &'static str,
    pub follow_up_conferences: &'static str,
    pub evaluated: &'static str,
    pub revised: &'static str,
    pub met_again: &'static str,

    // Satisfaction.
    pub satisfaction: &'static str,
    pub satisfaction_intro: &'static str,
    pub scores: &'static str,
    pub satisfaction_caption: &'static str,

    pub about: &'static str,
    pub about_text: &'static str,
}

impl Labels {
    pub fn of(lang: Lang) -> &'static Labels {
        match lang {
            Lang::Nl => &NL,
            Lang::En => &EN,
        }
    }

    /// `1 april 2026`, `1 April 2026` ([`Lang::date`]).
    pub fn date(&self, d: NaiveDate) -> String {
        self.lang.date(d)
    }

    pub fn grouping(&self, by: GroupBy) -> &'static str {
        match by {
            GroupBy::None => self.group_none,
            GroupBy::Variant => self.group_variant,
            GroupBy::LegalBasis => self.group_legal_basis,
            GroupBy::Organisation => self.group_organisation,
        }
    }

    pub fn variant(&self, v: Variant) -> &'static str {
        let nl = self.lang == Lang::Nl;
        match (v, nl) {
            (Variant::Family, true) => "Familie en gezin (Eigen Kracht-conferentie)",
            (Variant::Family, false) => "Family",
            (Variant::Restorative, true) => "Herstelgericht (Echt Recht)",
            (Variant::Restorative, false) => "Restorative",
            (Variant::Community, true) => "Buurt en gemeenschap (Alle Hens)",
            (Variant::Community, false) => "Community",
            (Variant::Learning, true) => "Leren (Leercirkel)",
            (Variant::Learning, false) => "Learning",
        }
    }

    pub fn legal_basis(&self, b: LegalBasis) -> &'static str {
        let nl = self.lang == Lang::Nl;
        match (b, nl) {
            (LegalBasis::JeugdwetFamiliegroepsplan, true) => "Jeugdwet: familiegroepsplan",
            (LegalBasis::JeugdwetFamiliegroepsplan, false) => "Youth Act: family group plan",
            (LegalBasis::WmoPersoonlijkPlan, true) => "Wmo: persoonlijk plan",
            (LegalBasis::WmoPersoonlijkPlan, false) => "Wmo: personal plan",
            (LegalBasis::WvggzEigenPlanVanAanpak, true) => "Wvggz: eigen plan van aanpak",
            (LegalBasis::WvggzEigenPlanVanAanpak, false) => "Wvggz: own plan of action",
            (LegalBasis::Other, true) => "Anders of geen",
            (LegalBasis::Other, false) => "Other or none",
            (LegalBasis::YouthProbation, true) => "Jeugdreclassering",
            (LegalBasis::YouthProbation, false) => "Youth probation",
            (LegalBasis::JuvenileCriminalLaw, true) => "Jeugdstrafrecht",
            (LegalBasis::JuvenileCriminalLaw, false) => "Juvenile criminal law",
        }
    }

    /// The phases a case can be withdrawn from, and the others (not in the report).
    pub fn phase(&self, p: Phase) -> String {
        let nl = self.lang == Lang::Nl;
        match (p, nl) {
            (Phase::Requested, true) => "Na de aanvraag".into(),
            (Phase::Requested, false) => "After the request".into(),
            (Phase::Preparation, true) => "In de voorbereiding".into(),
            (Phase::Preparation, false) => "In preparation".into(),
            (Phase::Conference, true) => "Tijdens de conferentie".into(),
            (Phase::Conference, false) => "At the conference".into(),
            (other, _) => other.code().replace('_', " "),
        }
    }

    pub fn outcome(&self, o: Outcome) -> &'static str {
        let nl = self.lang == Lang::Nl;
        match (o, nl) {
            (Outcome::PlanCarriedOut, true) => "Plan uitgevoerd",
            (Outcome::PlanCarriedOut, false) => "Plan carried out",
            (Outcome::SituationSafeMeasureEnded, true) => "Situatie veilig, maatregel beëindigd",
            (Outcome::SituationSafeMeasureEnded, false) => "Situation safe, measure ended",
            (Outcome::LivingArrangementWithinNetwork, true) => "Wonen binnen het netwerk",
            (Outcome::LivingArrangementWithinNetwork, false) => "Living within the network",
            (Outcome::PlacementOutsideNetwork, true) => "Plaatsing buiten het netwerk",
            (Outcome::PlacementOutsideNetwork, false) => "Placement outside the network",
            (Outcome::Other, true) => "Anders",
            (Outcome::Other, false) => "Other",
            (Outcome::PlacementAverted, true) => "Uithuisplaatsing voorkomen",
            (Outcome::PlacementAverted, false) => "Placement averted",
            (Outcome::PlanNotCarriedOut, true) => "Plan niet uitgevoerd",
            (Outcome::PlanNotCarriedOut, false) => "Plan not carried out",
            (Outcome::ContactLost, true) => "Contact verloren",
            (Outcome::ContactLost, false) => "Contact lost",
            (Outcome::MovedAway, true) => "Verhuisd",
            (Outcome::MovedAway, false) => "Moved away",
        }
    }

    pub fn participants(&self, g: ParticipantGroup) -> &'static str {
        let nl = self.lang == Lang::Nl;
        match (g, nl) {
            (ParticipantGroup::MainPerson, true) => "Hoofdpersonen",
            (ParticipantGroup::MainPerson, false) => "Main persons",
            (ParticipantGroup::Child, true) => "Kinderen",
            (ParticipantGroup::Child, false) => "Children",
            (ParticipantGroup::AdultNetworkMember, true) => "Volwassen netwerkleden",
            (ParticipantGroup::AdultNetworkMember, false) => "Adult network members",
            (ParticipantGroup::Professional, true) => "Professionals",
            (ParticipantGroup::Professional, false) => "Professionals",
        }
    }
}

static NL: Labels = Labels {
    lang: Lang::Nl,
    decimal: ',',
    thousands: '.',

    title: "Eigen Kracht-conferenties: de standaardcijfers",
    period: "Periode (datum van aanvraag)",
    all_requests: "alle aanvragen",
    from_on: "vanaf",
    through: "tot en met",
    grouping: "Ingedeeld",
    group_none: "alle casussen samen",
    group_variant: "per soort conferentie",
    group_legal_basis: "per wettelijke grondslag",
    group_organisation: "per aanvragende organisatie",
    requests_in_period: "Aanvragen in de periode",
    groups: "Groepen",
    disclosure: "Openbaarheid",
    pseudonymised: "gepseudonimiseerd: kleine aantallen weggelaten, geen namen",
    identifying: "herleidbaar: alleen voor gebruik binnen de organisatie",
    made_on: "Gemaakt op",

    pseudonymised_note: "Deze rapportage is gepseudonimiseerd. Er staan geen namen in: organisaties staan onder een pseudoniem (org_…). Een waarde die op minder dan {min} casussen berust, is weggelaten en staat er als —; een groep van minder dan {min} casussen is helemaal weggelaten.",
    withheld_total: "In totaal zijn {n} waarden weggelaten.",
    identifying_note: "Deze rapportage is herleidbaar: organisaties staan er met hun naam in en er is niets weggelaten. Deel haar alleen binnen de organisatie die de gegevens beheert.",
    withheld_legend: "— weggelaten: berust op minder dan {min} casussen (of er is niets te meten)",
    missing_legend: "— geen waarde: er is niets te meten (bijvoorbeeld de mediaan van nul casussen)",
    group_withheld: "minder dan {min} casussen: niets getoond",
    no_groups: "Er zijn geen aanvragen in deze periode.",
    withheld_groups_note: "Groepen van minder dan {min} casussen staan alleen in dit overzicht; de figuren en tabellen hieronder laten ze weg.",
    every_group_withheld: "Elke groep heeft minder dan {min} casussen: er zijn geen cijfers om te tonen. Kies een langere periode of deel grover in.",
    figure_too_tall: "Met zoveel groepen past deze figuur niet op één bladzijde; de tabel hieronder geeft alle cijfers.",
    figure_empty: "Geen figuur: er is geen waarde om te tekenen. De tabel hieronder geeft de cijfers.",
    cohort_note: "Een casus telt mee in de periode waarin hij is aangevraagd, en wordt gevolgd tot waar hij nu staat. Recente casussen hebben nog niet alles doorlopen: vergelijk periodes die even lang de tijd hebben gehad. Elke maat is gedefinieerd in docs/research.md.",

    group: "Groep",
    all_cases: "Alle casussen",
    family_request: "Aangevraagd door de familie zelf",

    summary: "Overzicht per groep",
    values_withheld: "Weggelaten waarden",
    summary_days: "Dagen tot conferentie (mediaan)",
    summary_circle: "Kring (mediaan)",
    summary_kept: "Nagekomen na drie maanden",

    uptake: "Van aanvraag tot conferentie",
    uptake_intro: "Wat er van de aanvragen werd: hoeveel tot een conferentie leidden, hoeveel werden ingetrokken, afgesloten of nog lopen.",
    requests: "Aanvragen",
    conferences_held: "Conferentie gehouden",
    withdrawn: "Ingetrokken",
    closed: "Afgesloten",
    open: "Lopend",
    uptake_figure: "Aanvragen, gehouden conferenties en intrekkingen",
    uptake_caption: "Aantal casussen; tussen haakjes het deel van de aanvragen.",
    withdrawn_by_phase: "Ingetrokken, per fase",
    phase_caption: "Aantal ingetrokken casussen naar de fase waarin ze werden ingetrokken.",
    closed_by_outcome: "Afgesloten, per uitkomst",
    outcome: "Uitkomst",

    timing: "Doorlooptijd",
    timing_intro: "Hele dagen van de aanvraag tot de eerste coördinator en tot het begin van de eerste conferentie.",
    to_coordinator: "Dagen tot coördinator",
    to_conference: "Dagen tot conferentie",
    cases: "Casussen",
    mean: "Gemiddeld",
    median_quartiles: "Mediaan (kwartielen)",
    box_caption: "Het blok loopt van het 25e tot het 75e percentiel, de streep is de mediaan; de getallen zijn mediaan (25e–75e percentiel).",

    circle: "De kring",
    circle_intro: "De kring bij de eerste conferentie (hoofdpersonen en netwerkleden) en hoe de netwerkleden in beeld kwamen: bij de aanvraag genoemd, door de coördinator gevonden bij het vergroten van de kring, of op de conferentie zelf.",
    circle_size: "Omvang van de kring",
    network_members: "Netwerkleden",
    main_persons: "Hoofdpersonen",
    circle_figure: "Omvang van de kring per casus",
    widening: "Hoe netwerkleden in beeld kwamen",
    at_intake: "Genoemd bij de aanvraag",
    widening_circle: "Gevonden: kring vergroot",
    at_conference: "Op de conferentie",
    cases_widened: "Casussen met kring vergroot",
    widening_caption: "Deel van alle netwerkleden van de casussen met een conferentie.",

    attendance: "Aanwezigheid per deel",
    attendance_intro: "Wie er bij de drie delen van de eerste conferentie was: het informatiedeel, de besloten tijd en de presentatie van het plan.",
    information: "Informatiedeel",
    private_time: "Besloten tijd",
    presentation: "Presentatie van het plan",
    circle_present: "Kring aanwezig",
    persons_present: "Aanwezigen (mediaan)",
    attendance_caption: "Deel van de kring (hoofdpersonen en netwerkleden) dat aanwezig was, per deel.",

    plan_items: "Wie het plan draagt",
    plan_items_intro: "Van de onderdelen van het eerste geaccepteerde plan: het deel dat de kring zelf draagt (afspraken) tegenover de hulp die aan professionals wordt gevraagd.",
    plans: "Plannen",
    agreements: "Afspraken",
    requested_help: "Gevraagde hulp",
    network_share: "Door de kring gedragen",
    items_per_plan: "Onderdelen per plan",
    plan_items_caption: "Deel van de onderdelen van het plan dat afspraken van de kring zijn; de rest is hulp gevraagd aan professionals.",

    acceptance: "Acceptatie van het plan",
    acceptance_intro: "Van de eerste conferenties: hoeveel eindigden met een geaccepteerd plan, de eerste keer of pas nadat de kring terugging naar de besloten tijd.",
    accepted: "Geaccepteerd",
    first_time: "De eerste keer",
    after_private_time: "Na terug naar besloten tijd",
    acceptance_caption: "Aantal geaccepteerde plannen; tussen haakjes het deel van de geaccepteerde plannen.",

    kept: "Afspraken nagekomen",
    kept_intro: "Van de afspraken die bij een evaluatie zijn besproken: het deel dat is nagekomen (gedaan of op schema), bij de eerste evaluatie en bij de evaluatie na ongeveer drie maanden.",
    first_evaluation: "Eerste evaluatie",
    three_months: "Na drie maanden",
    kept_reviews: "nagekomen / beoordeeld",
    kept_share: "deel nagekomen",
    kept_caption: "Deel van de besproken afspraken dat is nagekomen; gestopte en nog niet te beoordelen afspraken tellen niet mee.",

    follow_up: "Vervolg",
    follow_up_intro: "Wat er na de eerste conferentie volgde: vervolgconferenties, evaluaties, herziene plannen en andere bijeenkomsten van de kring.",
    with_follow_up: "Met vervolgconferentie",
    follow_up_conferences: "Vervolgconferenties",
    evaluated: "Geëvalueerd",
    revised: "Plan herzien",
    met_again: "Kring kwam weer samen",

    satisfaction: "Tevredenheid",
    satisfaction_intro: "Het gemiddelde rapportcijfer (1 tot 10) per groep deelnemers.",
    scores: "cijfers",
    satisfaction_caption: "Gemiddeld cijfer; tussen haakjes het aantal cijfers.",

    about: "Verantwoording",
    about_text: "kring berekent deze cijfers zelf uit de vastgelegde casussen, met één definitie per maat (docs/research.md), zodat de cijfers van organisaties vergelijkbaar zijn. Weglaten gebeurt per waarde: een verschil van twee getoonde getallen kan soms een weggelaten getal opleveren. Controleer dat voordat u cijfers buiten de organisatie publiceert, of deel grover in.",
};

static EN: Labels = Labels {
    lang: Lang::En,
    decimal: '.',
    thousands: ',',

    title: "Family group conferences: the standard measures",
    period: "Period (day of request)",
    all_requests: "all requests",
    from_on: "from",
    through: "through",
    grouping: "Grouped",
    group_none: "all cases together",
    group_variant: "by kind of conference",
    group_legal_basis: "by legal basis",
    group_organisation: "by requesting organisation",
    requests_in_period: "Requests in the period",
    groups: "Groups",
    disclosure: "Disclosure",
    pseudonymised: "pseudonymised: small numbers withheld, no names",
    identifying: "identifying: for use inside the organisation only",
    made_on: "Made on",

    pseudonymised_note: "This report is pseudonymised. It holds no names: organisations appear under a pseudonym (org_…). A value that rests on fewer than {min} cases is withheld and shown as —; a group of fewer than {min} cases is withheld whole.",
    withheld_total: "{n} values are withheld in all.",
    identifying_note: "This report is identifying: organisations appear by name and nothing is withheld. Share it only inside the organisation that holds the records.",
    withheld_legend: "— withheld: rests on fewer than {min} cases (or there is nothing to measure)",
    missing_legend: "— no value: there is nothing to measure (say, the median of no cases)",
    group_withheld: "fewer than {min} cases: nothing shown",
    no_groups: "There are no requests in this period.",
    withheld_groups_note: "Groups of fewer than {min} cases are in this summary only; the charts and tables below leave them out.",
    every_group_withheld: "Every group has fewer than {min} cases: there are no figures to show. Choose a longer period, or group more coarsely.",
    figure_too_tall: "With this many groups the figure does not fit on one page; the table below gives every figure.",
    figure_empty: "No figure: there is no value to draw. The table below gives the figures.",
    cohort_note: "A case counts in the period in which it was requested, and is followed to where it stands now. Recent cases have not yet gone all the way: compare periods that have had the same time. Every measure is defined in docs/research.md.",

    group: "Group",
    all_cases: "All cases",
    family_request: "Requested by the family",

    summary: "Summary by group",
    values_withheld: "Values withheld",
    summary_days: "Days to conference (median)",
    summary_circle: "Circle (median)",
    summary_kept: "Kept at three months",

    uptake: "From request to conference",
    uptake_intro: "What became of the requests: how many led to a conference, how many were withdrawn, closed, or are still open.",
    requests: "Requests",
    conferences_held: "Conference held",
    withdrawn: "Withdrawn",
    closed: "Closed",
    open: "Open",
    uptake_figure: "Requests, conferences held and withdrawals",
    uptake_caption: "Number of cases; in brackets the share of the requests.",
    withdrawn_by_phase: "Withdrawn, by phase",
    phase_caption: "Number of cases withdrawn, by the phase they were withdrawn from.",
    closed_by_outcome: "Closed, by outcome",
    outcome: "Outcome",

    timing: "Waiting times",
    timing_intro: "Whole days from the request to the first coordinator and to the start of the first conference.",
    to_coordinator: "Days to coordinator",
    to_conference: "Days to conference",
    cases: "Cases",
    mean: "Mean",
    median_quartiles: "Median (quartiles)",
    box_caption: "The box runs from the 25th to the 75th percentile, the stroke is the median; the numbers are median (25th–75th percentile).",

    circle: "The circle",
    circle_intro: "The circle at the first conference (main persons and network members), and how the network members came in: named at the request, found by the coordinator widening the circle, or at the conference itself.",
    circle_size: "Size of the circle",
    network_members: "Network members",
    main_persons: "Main persons",
    circle_figure: "Size of the circle per case",
    widening: "How network members came in",
    at_intake: "Named at the request",
    widening_circle: "Found: circle widened",
    at_conference: "At the conference",
    cases_widened: "Cases with circle widened",
    widening_caption: "Share of all network members of the cases with a conference.",

    attendance: "Attendance per part",
    attendance_intro: "Who was at the three parts of the first conference: the information part, private time and the presentation of the plan.",
    information: "Information part",
    private_time: "Private time",
    presentation: "Presentation of the plan",
    circle_present: "Circle present",
    persons_present: "Present (median)",
    attendance_caption: "Share of the circle (main persons and network members) present, per part.",

    plan_items: "Who carries the plan",
    plan_items_intro: "Of the items of the first accepted plan: the share the circle carries itself (agreements) against the help asked of professionals.",
    plans: "Plans",
    agreements: "Agreements",
    requested_help: "Requested help",
    network_share: "Carried by the circle",
    items_per_plan: "Items per plan",
    plan_items_caption: "Share of the plan's items that are agreements of the circle; the rest is help asked of professionals.",

    acceptance: "Acceptance of the plan",
    acceptance_intro: "Of the first conferences: how many ended with an accepted plan, the first time or only after the circle went back to private time.",
    accepted: "Accepted",
    first_time: "The first time",
    after_private_time: "After going back to private time",
    acceptance_caption: "Number of plans accepted; in brackets the share of the plans accepted.",

    kept: "Agreements kept",
    kept_intro: "Of the agreements reviewed at an evaluation: the share kept (done or on track), at the first evaluation and at the evaluation after about three months.",
    first_evaluation: "First evaluation",
    three_months: "After three months",
    kept_reviews: "kept / judged",
    kept_share: "share kept",
    kept_caption: "Share of the agreements reviewed that were kept; stopped agreements and those not yet due are left out.",

    follow_up: "Follow-up",
    follow_up_intro: "What followed the first conference: follow-up conferences, evaluations, revised plans and other meetings of the circle.",
    with_follow_up: "With a follow-up conference",
    follow_up_conferences: "Follow-up conferences",
    evaluated: "Evaluated",
    revised: "Plan revised",
    met_again: "Circle met again",

    satisfaction: "Satisfaction",
    satisfaction_intro: "The mean score (1 to 10) per group of participants.",
    scores: "scores",
    satisfaction_caption: "Mean score; in brackets the number of scores.",

    about: "About these figures",
    about_text: "kring computes these figures itself from the recorded cases, with one definition per measure (docs/research.md), so that organisations' figures compare. Values are withheld one by one: the difference of two values shown can sometimes give a withheld one back. Check that before publishing figures outside the organisation, or group more coarsely.",
};
