//! The closed vocabularies of a case: each a fieldless enum with a stable code.

use serde::{Deserialize, Serialize};

code_enum! {
    /// The kind of conference (seed 002).
    Variant {
        /// Individuals and families.
        Family = "family",
        /// Harm between a responsible and a harmed party (formerly *Echt Recht*).
        Restorative = "restorative",
        /// A group, street, neighbourhood, school or organisation (formerly *Alle Hens*).
        Community = "community",
        /// A pupil's functioning at school or realising a dream (formerly *Leercirkel*).
        Learning = "learning",
    }
}

code_enum! {
    /// The legal basis of the plan.
    LegalBasis {
        /// Jeugdwet: familiegroepsplan.
        JeugdwetFamiliegroepsplan = "jeugdwet_familiegroepsplan",
        /// Wmo: persoonlijk plan.
        WmoPersoonlijkPlan = "wmo_persoonlijk_plan",
        /// Wvggz: eigen plan van aanpak.
        WvggzEigenPlanVanAanpak = "wvggz_eigen_plan_van_aanpak",
        /// Anything else, or none.
        Other = "other",
        /// Youth probation (jeugdreclassering).
        YouthProbation = "youth_probation",
        /// Juvenile criminal law (jeugdstrafrecht).
        JuvenileCriminalLaw = "juvenile_criminal_law",
    }
}

code_enum! {
    /// The part a main person plays in a restorative case.
    Party {
        /// The harmed party.
        Harmed = "harmed",
        /// The responsible party.
        Responsible = "responsible",
    }
}

code_enum! {
    /// Kind of organisation.
    OrganisationKind {
        CareProvider = "care_provider",
        Municipality = "municipality",
        School = "school",
        PoliceJustice = "police_justice",
        Housing = "housing",
        Other = "other",
        /// A shop, a business (a community conference around a street).
        Business = "business",
        /// A mosque, a church, a community of faith.
        FaithCommunity = "faith_community",
    }
}

code_enum! {
    /// A network member's relation to a main person.
    RelationKind {
        Parent = "parent",
        StepParent = "step_parent",
        Sibling = "sibling",
        Grandparent = "grandparent",
        AuntUncle = "aunt_uncle",
        Cousin = "cousin",
        OtherFamily = "other_family",
        Partner = "partner",
        Friend = "friend",
        Neighbour = "neighbour",
        FaithCommunity = "faith_community",
        School = "school",
        Colleague = "colleague",
        Volunteer = "volunteer",
        Other = "other",
        Child = "child",
        Grandchild = "grandchild",
        FosterParent = "foster_parent",
        FosterChild = "foster_child",
        StepChild = "step_child",
        StepSibling = "step_sibling",
        /// The parent of someone's partner.
        ParentOfPartner = "parent_of_partner",
        /// The parent of someone's friend.
        ParentOfFriend = "parent_of_friend",
    }
}

code_enum! {
    /// Which side of the family a network member comes from.
    Side {
        Mothers = "mothers",
        Fathers = "fathers",
        Own = "own",
    }
}

code_enum! {
    /// How a network member came into the circle.
    Identified {
        /// Named by the main person(s) or the referrer at intake.
        AtIntake = "at_intake",
        /// Found by the coordinator while widening the circle during preparation.
        WideningCircle = "widening_circle",
        /// Brought in at the conference itself.
        AtConference = "at_conference",
    }
}

code_enum! {
    /// Where an invitation stands.
    InvitationStatus {
        Identified = "identified",
        Invited = "invited",
        Confirmed = "confirmed",
        Declined = "declined",
        Unreachable = "unreachable",
    }
}

code_enum! {
    /// The role a professional plays in the case.
    ProfessionalRole {
        ChildProtection = "child_protection",
        YouthProbation = "youth_probation",
        FamilyCoach = "family_coach",
        MentalHealth = "mental_health",
        School = "school",
        Housing = "housing",
        Municipality = "municipality",
        Other = "other",
        /// Youth-care worker (jeugdhulpverlener, JHV).
        YouthCareWorker = "youth_care_worker",
        /// Case manager (casusregisseur).
        CaseManager = "case_manager",
        /// Foster-care worker (pleegzorgwerker).
        FosterCareWorker = "foster_care_worker",
        /// School doctor of the public health service (GGD).
        SchoolDoctor = "school_doctor",
        Police = "police",
        /// A follow-up coach from outside the care system (seed 003).
        FollowUpCoach = "follow_up_coach",
    }
}

code_enum! {
    /// The three parts of a conference.
    ConferencePart {
        /// Part 1: professionals and participants share information.
        Information = "information",
        /// Part 2: the circle alone makes the plan (rule 2).
        PrivateTime = "private_time",
        /// Part 3: the plan is presented, tested against the frameworks and accepted.
        Presentation = "presentation",
    }
}

code_enum! {
    /// How an agreement stands at an evaluation.
    AgreementStatus {
        Done = "done",
        OnTrack = "on_track",
        Partly = "partly",
        NotKept = "not_kept",
        Stopped = "stopped",
        NotYetDue = "not_yet_due",
    }
}

code_enum! {
    /// What the circle decides at an evaluation.
    NextStep {
        Continue = "continue",
        Revise = "revise",
        FollowUpConference = "follow_up_conference",
        Close = "close",
    }
}

code_enum! {
    /// How a case ended.
    Outcome {
        PlanCarriedOut = "plan_carried_out",
        SituationSafeMeasureEnded = "situation_safe_measure_ended",
        LivingArrangementWithinNetwork = "living_arrangement_within_network",
        PlacementOutsideNetwork = "placement_outside_network",
        Other = "other",
        /// The plan made a placement that was on the table unnecessary.
        PlacementAverted = "placement_averted",
        PlanNotCarriedOut = "plan_not_carried_out",
        ContactLost = "contact_lost",
        MovedAway = "moved_away",
    }
}

code_enum! {
    /// Groups whose satisfaction may be scored.
    ParticipantGroup {
        MainPerson = "main_person",
        Child = "child",
        AdultNetworkMember = "adult_network_member",
        Professional = "professional",
    }
}

code_enum! {
    /// Gender, as far as a coordinator preference or profile needs it.
    Gender {
        Female = "female",
        Male = "male",
        Other = "other",
    }
}

code_enum! {
    /// A legal or protective measure around the family (seed 001: OTS, gezag, voogdij, the
    /// court, a placement; seed 004: Wvggz, youth probation, juvenile criminal law, Halt).
    MeasureKind {
        /// Supervision order (ondertoezichtstelling, OTS).
        SupervisionOrder = "supervision_order",
        /// Custody (gezag) of a parent or another adult.
        Custody = "custody",
        /// Guardianship (voogdij).
        Guardianship = "guardianship",
        /// An investigation by the Child Protection Board (Raad voor de Kinderbescherming).
        ChildProtectionInvestigation = "child_protection_investigation",
        CourtHearing = "court_hearing",
        /// A placement outside the home (uithuisplaatsing).
        Placement = "placement",
        /// Youth probation (jeugdreclassering).
        YouthProbation = "youth_probation",
        /// Juvenile criminal law (jeugdstrafrecht).
        JuvenileCriminalLaw = "juvenile_criminal_law",
        /// A case at the public prosecutor.
        Prosecution = "prosecution",
        /// A referral to Halt.
        Halt = "halt",
        /// Compulsory mental-health care (Wvggz).
        CompulsoryCare = "compulsory_care",
        Other = "other",
    }
}

code_enum! {
    /// Where a measure stands at a moment.
    MeasureStatus {
        Considered = "considered",
        Requested = "requested",
        Scheduled = "scheduled",
        InForce = "in_force",
        Extended = "extended",
        CarriedOut = "carried_out",
        /// It did not happen because the plan made it unnecessary.
        Averted = "averted",
        Dismissed = "dismissed",
        Ended = "ended",
    }
}

code_enum! {
    /// On what ground someone acts for another person.
    RepresentativeKind {
        /// A parent with authority (gezag) acting for a child.
        ParentWithAuthority = "parent_with_authority",
        /// A guardian (voogd).
        Guardian = "guardian",
        /// A mentor for an adult.
        Mentor = "mentor",
        /// A curator for an adult.
        Curator = "curator",
        /// A relative or other person with a power of attorney.
        PowerOfAttorney = "power_of_attorney",
        Other = "other",
    }
}

code_enum! {
    /// What a person consents to.
    ConsentMatter {
        /// Taking part in the conference process (for a child: their own assent).
        Conference = "conference",
        /// Passing their contact details on (rule 8).
        PassContact = "pass_contact",
        /// Sending the plan to the people involved.
        SharePlan = "share_plan",
        /// In a restorative case: the harmed party accepts the agreement.
        RestorativeAgreement = "restorative_agreement",
        /// The person backs the plan the circle made.
        Plan = "plan",
    }
}

code_enum! {
    /// Where help asked of professionals stands.
    HelpStatus {
        Asked = "asked",
        Agreed = "agreed",
        Started = "started",
        Stopped = "stopped",
        Refused = "refused",
    }
}

code_enum! {
    /// How something in the plan is paid for.
    Funding {
        /// A personal budget (persoonsgebonden budget, PGB).
        PersonalBudget = "personal_budget",
        /// Care in kind (zorg in natura).
        InKind = "in_kind",
        OwnMeans = "own_means",
        Insurance = "insurance",
        Other = "other",
    }
}

code_enum! {
    /// A meeting outside the conference and the planned evaluations.
    MeetingKind {
        /// Professionals calling (part of) the circle together.
        ProfessionalsWithCircle = "professionals_with_circle",
        /// The coordinator briefing a professional.
        CoordinatorBriefing = "coordinator_briefing",
        /// The circle meeting on its own initiative.
        CircleMeeting = "circle_meeting",
        Other = "other",
    }
}

code_enum! {
    /// Something the circle arranged before its plan.
    ArrangementKind {
        /// Support the circle starts before the conference.
        Support = "support",
        /// Where someone lives until the plan decides (an interim arrangement).
        InterimLiving = "interim_living",
        Other = "other",
    }
}

code_enum! {
    /// An event that led to the request.
    AntecedentKind {
        /// A report to the child-abuse and domestic-violence hotline (Veilig Thuis).
        ReportToHotline = "report_to_hotline",
        PoliceReport = "police_report",
        CourtProceedings = "court_proceedings",
        SchoolConcern = "school_concern",
        Other = "other",
    }
}

code_enum! {
    /// What a community conference (Alle Hens) is about.
    SubjectKind {
        Street = "street",
        Square = "square",
        Neighbourhood = "neighbourhood",
        School = "school",
        Other = "other",
    }
}
