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
