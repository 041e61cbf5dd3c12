//! The words of the map, in Dutch and English: the vocabularies of the domain, the legend and
//! the captions. Relations are gender-neutral, as the model records them ("oom/tante").

use kring_domain::{
    ConferencePart, Identified, Party, Phase, PlanStatus, ProfessionalRole, RelationKind, Role,
    Side, Variant,
};

use crate::Lang;

/// Picks the Dutch or the English word.
pub(super) fn pick(lang: Lang, nl: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Nl => nl,
        Lang::En => en,
    }
}

/// What a member is to another person of the circle.
pub(super) fn relation(kind: RelationKind, lang: Lang) -> &'static str {
    use RelationKind as K;
    let (nl, en) = match kind {
        K::Parent => ("ouder", "parent"),
        K::StepParent => ("stiefouder", "step-parent"),
        K::Sibling => ("broer/zus", "sibling"),
        K::Grandparent => ("grootouder", "grandparent"),
        K::AuntUncle => ("oom/tante", "aunt/uncle"),
        K::Cousin => ("neef/nicht", "cousin"),
        K::OtherFamily => ("familie", "other family"),
        K::Partner => ("partner", "partner"),
        K::Friend => ("vriend(in)", "friend"),
        K::Neighbour => ("buur", "neighbour"),
        K::FaithCommunity => ("geloofsgemeenschap", "faith community"),
        K::School => ("school", "school"),
        K::Colleague => ("collega", "colleague"),
        K::Volunteer => ("vrijwilliger", "volunteer"),
        K::Other => ("anders", "other"),
        K::Child => ("kind", "child"),
        K::Grandchild => ("kleinkind", "grandchild"),
        K::FosterParent => ("pleegouder", "foster parent"),
        K::FosterChild => ("pleegkind", "foster child"),
        K::StepChild => ("stiefkind", "stepchild"),
        K::StepSibling => ("stiefbroer/-zus", "step-sibling"),
        K::ParentOfPartner => ("schoonouder", "parent-in-law"),
        K::ParentOfFriend => ("ouder van vriend(in)", "parent of a friend"),
    };
    pick(lang, nl, en)
}

/// "of" in "aunt/uncle of Daan".
pub(super) fn of(lang: Lang) -> &'static str {
    pick(lang, "van", "of")
}

/// The heading of a side's sector.
pub(super) fn side(side: Side, lang: Lang) -> &'static str {
    match side {
        Side::Mothers => pick(lang, "Kant van moeder", "Mother's side"),
        Side::Fathers => pick(lang, "Kant van vader", "Father's side"),
        Side::Own => pick(lang, "Eigen netwerk", "Own network"),
    }
}

/// How a member was found, for the legend and the description.
pub(super) fn found(identified: Identified, lang: Lang) -> &'static str {
    match identified {
        Identified::AtIntake => pick(lang, "genoemd bij de aanmelding", "named at intake"),
        Identified::WideningCircle => pick(
            lang,
            "gevonden bij het vergroten van de kring",
            "found while widening the circle",
        ),
        Identified::AtConference => pick(
            lang,
            "erbij gekomen op de conferentie",
            "joined at the conference",
        ),
    }
}

/// A phase of the lifecycle.
pub(super) fn phase(phase: Phase, lang: Lang) -> &'static str {
    match phase {
        Phase::Requested => pick(lang, "aangevraagd", "requested"),
        Phase::Preparation => pick(lang, "voorbereiding", "preparation"),
        Phase::Conference => pick(lang, "conferentie", "conference"),
        Phase::FollowUp => pick(lang, "vervolg", "follow-up"),
        Phase::Closed => pick(lang, "afgesloten", "closed"),
        Phase::Withdrawn => pick(lang, "ingetrokken", "withdrawn"),
    }
}

/// The kind of conference.
pub(super) fn variant(variant: Variant, lang: Lang) -> &'static str {
    match variant {
        Variant::Family => pick(lang, "Eigen Kracht-conferentie", "family group conference"),
        Variant::Restorative => pick(
            lang,
            "herstelgerichte conferentie",
            "restorative conference",
        ),
        Variant::Community => pick(lang, "Alle Hens-conferentie", "community conference"),
        Variant::Learning => pick(lang, "leercirkel", "learning circle"),
    }
}

/// A professional's role.
pub(super) fn professional(role: ProfessionalRole, lang: Lang) -> &'static str {
    use ProfessionalRole as P;
    let (nl, en) = match role {
        P::ChildProtection => ("jeugdbescherming", "child protection"),
        P::YouthProbation => ("jeugdreclassering", "youth probation"),
        P::FamilyCoach => ("gezinscoach", "family coach"),
        P::MentalHealth => ("ggz", "mental health"),
        P::School => ("school", "school"),
        P::Housing => ("woningcorporatie", "housing"),
        P::Municipality => ("gemeente", "municipality"),
        P::Other => ("professional", "professional"),
        P::YouthCareWorker => ("jeugdhulpverlener", "youth-care worker"),
        P::CaseManager => ("casusregisseur", "case manager"),
        P::FosterCareWorker => ("pleegzorgwerker", "foster-care worker"),
        P::SchoolDoctor => ("schoolarts (GGD)", "school doctor"),
        P::Police => ("politie", "police"),
        P::FollowUpCoach => ("nazorgcoach", "follow-up coach"),
    };
    pick(lang, nl, en)
}

/// A party in a restorative case.
pub(super) fn party(party: Party, lang: Lang) -> &'static str {
    match party {
        Party::Harmed => pick(lang, "benadeelde partij", "harmed party"),
        Party::Responsible => pick(lang, "verantwoordelijke partij", "responsible party"),
    }
}

/// A part of the conference.
pub(super) fn part(part: ConferencePart, lang: Lang) -> &'static str {
    match part {
        ConferencePart::Information => pick(lang, "informatie", "information"),
        ConferencePart::PrivateTime => pick(lang, "besloten tijd", "private time"),
        ConferencePart::Presentation => pick(lang, "presentatie", "presentation"),
    }
}

/// Where a plan version stands.
pub(super) fn plan_status(status: PlanStatus, lang: Lang) -> &'static str {
    match status {
        PlanStatus::Presented => pick(lang, "gepresenteerd", "presented"),
        PlanStatus::Accepted => pick(lang, "aanvaard", "accepted"),
        PlanStatus::NotAccepted => pick(lang, "niet aanvaard", "not accepted"),
        PlanStatus::Superseded => pick(lang, "vervangen", "superseded"),
    }
}

/// For whom the map was drawn.
pub(super) fn drawn_for(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Coordinator => pick(
            lang,
            "zoals de coördinator het ziet",
            "as the coordinator sees it",
        ),
        Role::MainPerson => pick(
            lang,
            "getekend voor een hoofdpersoon",
            "drawn for a main person",
        ),
        Role::NetworkMember => pick(
            lang,
            "getekend voor een netwerklid",
            "drawn for a network member",
        ),
        Role::Professional => pick(
            lang,
            "getekend voor een professional",
            "drawn for a professional",
        ),
        Role::RegionalManager => pick(
            lang,
            "getekend voor de regiomanager",
            "drawn for the regional manager",
        ),
        Role::Administrator => pick(
            lang,
            "getekend voor een beheerder",
            "drawn for an administrator",
        ),
    }
}

/// The fixed texts of the map.
#[derive(Debug, Clone, Copy)]
pub(super) enum Fixed {
    Title,
    Case,
    PhaseLabel,
    Conference,
    On,
    NoConference,
    PlanVersion,
    NoPlan,
    CircleHidden,
    NoOneYet,
    Outside,
    MainPerson,
    Minor,
    Monitor,
    Convener,
    Coordinator,
    Interpreter,
    Ended,
    Legend,
    LegendMain,
    LegendProfessional,
    LegendParts,
    Present,
    Absent,
    NotHeld,
    PresentAt,
    PresentAtNone,
    Centre,
}

/// A fixed text.
pub(super) fn fixed(f: Fixed, lang: Lang) -> &'static str {
    use Fixed as F;
    match f {
        F::Title => pick(lang, "Netwerkkaart", "Network map"),
        F::Case => pick(lang, "Casus", "Case"),
        F::PhaseLabel => pick(lang, "fase", "phase"),
        F::Conference => pick(lang, "Conferentie", "Conference"),
        F::On => pick(lang, "op", "on"),
        F::NoConference => pick(
            lang,
            "Nog geen conferentie gehouden",
            "No conference held yet",
        ),
        F::PlanVersion => pick(lang, "planversie", "plan version"),
        F::NoPlan => pick(lang, "nog geen plan", "no plan yet"),
        F::CircleHidden => pick(
            lang,
            "De kring (hoofdpersonen en netwerk) wordt voor deze lezer niet getoond.",
            "The circle (main persons and network) is not shown for this reader.",
        ),
        F::NoOneYet => pick(lang, "(nog niemand)", "(no one yet)"),
        F::Outside => pick(
            lang,
            "Buiten de kring: professionals en coördinator",
            "Outside the circle: professionals and coordinator",
        ),
        F::MainPerson => pick(lang, "hoofdpersoon", "main person"),
        F::Minor => pick(lang, "minderjarig", "minor"),
        F::Monitor => pick(lang, "bewaker van het plan", "monitors the plan"),
        F::Convener => pick(
            lang,
            "roept de kring bijeen als het plan hapert",
            "calls the circle together when the plan falters",
        ),
        F::Coordinator => pick(lang, "onafhankelijk coördinator", "independent coordinator"),
        F::Interpreter => pick(lang, "tolk", "interpreter"),
        F::Ended => pick(lang, "betrokkenheid beëindigd", "involvement ended"),
        F::Legend => pick(lang, "Legenda", "Legend"),
        F::LegendMain => pick(
            lang,
            "hoofdpersoon (in het midden)",
            "main person (at the centre)",
        ),
        F::LegendProfessional => pick(lang, "professional", "professional"),
        F::LegendParts => pick(lang, "delen van conferentie", "parts of conference"),
        F::Present => pick(lang, "aanwezig", "present"),
        F::Absent => pick(lang, "afwezig", "absent"),
        F::NotHeld => pick(lang, "deel (nog) niet gehouden", "part not (yet) held"),
        F::PresentAt => pick(lang, "aanwezig bij", "present at"),
        F::PresentAtNone => pick(lang, "bij geen deel aanwezig", "present at no part"),
        F::Centre => pick(lang, "In het midden", "At the centre"),
    }
}
