/* eslint-disable */
// Generated from schema.json by tests/src/typegen.rs; do not edit by hand.
// Run `KRING_BLESS=1 cargo test -p kring-tests --test schema` after changing the Rust types.

/** Every type that crosses into the bindings. */
export interface Kring {
  access: Access;
  access_entry: AccessEntry;
  actor: Actor;
  case: Case;
  case_file: CaseFile;
  case_import: CaseImport;
  case_query: CaseQuery;
  case_summary: CaseSummary;
  case_view: CaseView;
  command: Command;
  coordinator_match: CoordinatorMatch;
  due_evaluation: DueEvaluation;
  erasure_report: ErasureReport;
  event: Event;
  feed_entry: FeedEntry;
  fit: Fit;
  follow_report: FollowReport;
  phase: Phase;
  pool_entry: PoolEntry;
  record: HistoryRecord;
  role: Role;
  rule: Rule;
  section: Section;
  upgrade_report: UpgradeReport;
  verify_report: VerifyReport;
}

/**
 * How much of a [`Section`] a role reads.
 */
export type Access = "all" | "own" | "hidden";

/**
 * One entry of the access log: who did what to which case, when.
 */
export interface AccessEntry {
  /**
   * Who, in which role (and for whom, as a representative).
   */
  actor: Actor;
  at: string;
  case: CaseId;
  /**
   * A command's event in the change feed (its sequence number); none for a read.
   */
  seq?: number | null;
  /**
   * `case_for` for a scoped read (the view is the one `actor.role` gets); otherwise the
   * name of the command.
   */
  what: string;
}

/**
 * Who makes a command: a person in a role. The domain checks that the person holds that
 * role in the case (see [`crate::permission`]).
 */
export interface Actor {
  /**
   * The main person this actor acts for, as their registered representative (a parent
   * with authority for a child, a mentor for an adult). The actor then acts in the role
   * `main_person` and the case checks the representation.
   */
  on_behalf_of?: PersonId | null;
  person: PersonId;
  role: Role;
}

/**
 * A agr id: `agr_` and 26 Crockford base32 characters.
 */
export type AgrId = string;

/**
 * An agreement: who from the circle does what, when and how often (rule 6).
 */
export interface Agreement {
  /**
   * The concerns, conditions or questions it answers.
   */
  answers?: ItemId[];
  /**
   * Members of the circle who carry it: at least one (rule 6).
   */
  carried_by: PersonId[];
  due?: string | null;
  /**
   * The main person the agreement is for, when the case has several.
   */
  for_person?: PersonId | null;
  frequency?: string | null;
  /**
   * How it is paid for (a personal budget, for example).
   */
  funding?: Funding | null;
  id: AgrId;
  start?: string | null;
  supporters?: PersonId[];
  what: string;
}

/**
 * The review of one agreement at an evaluation.
 */
export interface AgreementReview {
  agreement: AgrId;
  note?: string | null;
  status: AgreementStatus;
}

/**
 * How an agreement stands at an evaluation.
 */
export type AgreementStatus = "done" | "on_track" | "partly" | "not_kept" | "stopped" | "not_yet_due";

/**
 * An event that led to the request.
 */
export interface Antecedent {
  kind: AntecedentKind;
  note?: string | null;
  on?: string | null;
}

/**
 * An event that led to the request.
 */
export type AntecedentKind = "police_report" | "court_proceedings" | "school_concern" | "other" | "report_to_hotline";

/**
 * Something the circle arranged before its plan: support it started, or where someone lives
 * in the meantime.
 */
export interface Arrangement {
  /**
   * Members of the circle who carry it.
   */
  carried_by: PersonId[];
  from?: string | null;
  kind: ArrangementKind;
  until?: string | null;
  what: string;
}

/**
 * Something the circle arranged before its plan.
 */
export type ArrangementKind = "other" | "support" | "interim_living";

/**
 * One professional's assessment of a plan version against their framework.
 */
export interface Assessment {
  /**
   * Derived, never chosen: accepted exactly when every condition is met (rule 4).
   */
  accepted: boolean;
  at: string;
  framework: FrameworkId;
  professional: PersonId;
  verdicts: { [id: string]: ConditionVerdict };
}

/**
 * The current state of a case.
 */
export interface Case {
  /**
   * What led to the request.
   */
  antecedents?: Antecedent[];
  /**
   * Support and interim arrangements the circle made before its plan.
   */
  arrangements?: Arrangement[];
  conferences: Conference[];
  consent_to_pass_contact: boolean;
  /**
   * Each person's consent to each matter, as given over time (the latest counts).
   */
  consents?: ConsentRecord[];
  /**
   * Every time contact details were passed on: (whose, to whom, when).
   */
  contact_shares: [PersonId, PersonId, string][];
  /**
   * Contact details, present only with consent (rule 8).
   */
  contacts: { [id: string]: ContactRecord };
  coordinator?: CoordinatorAssignment | null;
  description: string;
  distributions: Distribution[];
  ending?: Ending | null;
  /**
   * Every person erased from the case: the tombstones (format 5).
   */
  erasures?: Erasure[];
  evaluations: { [id: string]: Evaluation };
  former_coordinators?: FormerCoordinator[];
  frameworks: { [id: string]: SafetyFramework };
  /**
   * Every status the help asked of professionals had, in order.
   */
  help?: HelpUpdate[];
  id: CaseId;
  interpreters?: { [id: string]: Interpreter };
  involvement_ended?: InvolvementEnd[];
  legal_basis: LegalBasis;
  /**
   * How main persons take part, where the coordinator recorded it (a mother who does not
   * attend for safety; a parent taking part from abroad).
   */
  main_participation?: { [id: string]: Participation };
  main_persons: MainPerson[];
  /**
   * Legal and protective measures around the family, each with its status over time.
   */
  measures?: { [id: string]: Measure };
  meetings?: Meeting[];
  network: { [id: string]: NetworkMember };
  organisations: { [id: string]: Organisation };
  phase: Phase;
  /**
   * Every phase the case entered, in order (the first is `requested`).
   */
  phases: PhaseChange[];
  /**
   * The day the person's own plan of action must be ready (Wvggz).
   */
  plan_deadline?: string | null;
  /**
   * Every plan version ever submitted; none is lost (rule 7).
   */
  plans: PlanVersion[];
  preferences: CoordinatorPreferences;
  professionals: { [id: string]: Professional };
  questions: CaseQuestion[];
  referral: Referral;
  /**
   * The way to the request through several organisations.
   */
  referral_path?: ReferralStep[];
  /**
   * Who acts for which main person.
   */
  representatives?: Representation[];
  requested_at: string;
  /**
   * Who made the request.
   */
  requested_by: Actor;
  satisfaction: Satisfaction[];
  signals: Signal[];
  /**
   * What a community conference is about.
   */
  subject?: CommunitySubject | null;
  updated_at: string;
  variant: Variant;
  /**
   * The number of events folded into this state.
   */
  version: number;
  /**
   * People's own views, in their words.
   */
  views?: View[];
  /**
   * Whose contact details and whereabouts are withheld from whom (rule 8,
   * `details_withheld`; format 5).
   */
  withheld?: Withholding[];
}

/**
 * One case with its whole history, as it travels between stores.
 */
export interface CaseFile {
  case: CaseId;
  /**
   * How much of the case the file holds. Only a full file can be imported.
   */
  disclosure: Disclosure;
  /**
   * Every event of the case, version 1 first.
   */
  events: FiledEvent[];
  /**
   * The version of the case file format ([`CASE_FILE_VERSION`]).
   */
  kring_case_file: number;
}

/**
 * A case id: `case_` and 26 Crockford base32 characters.
 */
export type CaseId = string;

/**
 * What an import of a case file did.
 */
export interface CaseImport {
  /**
   * Events added (0 when the store already had every event of the file).
   */
  added: number;
  case: CaseId;
  /**
   * Erasures taken, as for [`FollowReport::erasures`] (`kring import` compacts).
   */
  erasures: number;
  /**
   * The store that writes the case.
   */
  holder: StoreId;
  /**
   * The case's version in the store now.
   */
  version: number;
}

/**
 * Filters for [`Store::query`]; every filter set must match. No filter: every case.
 *
 * An unknown filter is refused (`invalid_input` naming it), never ignored: a misspelt
 * filter must not widen a query to every case.
 */
export interface CaseQuery {
  coordinator?: PersonId | null;
  legal_basis?: LegalBasis | null;
  organisation?: OrgId | null;
  person?: PersonId | null;
  phase?: Phase | null;
  /**
   * Requested at or after this moment.
   */
  requested_from?: string | null;
  /**
   * Requested before this moment.
   */
  requested_to?: string | null;
  variant?: Variant | null;
}

/**
 * A question the conference must answer ("where can Wesley live?").
 */
export interface CaseQuestion {
  id: ItemId;
  text: string;
}

/**
 * What most screens need of a case, without the case: read with [`Store::summary`].
 */
export interface CaseSummary {
  /**
   * The coordinator now assigned, if any.
   */
  coordinator?: PersonId | null;
  id: CaseId;
  /**
   * The latest plan version's number and status, if a plan was submitted.
   */
  latest_plan?: PlanRef | null;
  legal_basis: LegalBasis;
  /**
   * Evaluation moments still to hold, in id order.
   */
  open_evaluations: OpenEvaluation[];
  phase: Phase;
  /**
   * The version number of the plan in force (the latest accepted), if any.
   */
  plan_in_force?: number | null;
  requested_at: string;
  /**
   * Signals raised, in all.
   */
  signals: number;
  updated_at: string;
  variant: Variant;
  /**
   * The number of events folded into the case.
   */
  version: number;
}

/**
 * A case as one reader may see it ([`Case::view_for`]): the fields of [`Case`], each
 * present only when the reader's role may read its [`Section`]. The fields of the `case`
 * section are always present.
 */
export interface CaseView {
  /**
   * How much of each section the reader was given.
   */
  access: { [id: string]: Access };
  antecedents?: Antecedent[] | null;
  arrangements?: Arrangement[] | null;
  conferences?: Conference[] | null;
  consent_to_pass_contact?: boolean | null;
  consents?: ConsentRecord[] | null;
  /**
   * Every time contact details were passed on: (whose, to whom, when).
   */
  contact_shares?: [PersonId, PersonId, string][] | null;
  contacts?: { [id: string]: ContactRecord } | null;
  coordinator?: CoordinatorAssignment | null;
  description?: string | null;
  distributions?: Distribution[] | null;
  ending?: Ending | null;
  erasures?: Erasure[] | null;
  evaluations?: { [id: string]: Evaluation } | null;
  former_coordinators: FormerCoordinator[];
  frameworks?: { [id: string]: SafetyFramework } | null;
  help?: HelpUpdate[] | null;
  id: CaseId;
  interpreters?: { [id: string]: Interpreter } | null;
  involvement_ended: InvolvementEnd[];
  legal_basis: LegalBasis;
  main_participation?: { [id: string]: Participation } | null;
  main_persons?: MainPerson[] | null;
  measures?: { [id: string]: Measure } | null;
  meetings?: Meeting[] | null;
  network?: { [id: string]: NetworkMember } | null;
  organisations: { [id: string]: Organisation };
  phase: Phase;
  phases: PhaseChange[];
  plan_deadline: string | null;
  plans?: PlanVersion[] | null;
  preferences?: CoordinatorPreferences | null;
  professionals: { [id: string]: Professional };
  questions: CaseQuestion[];
  /**
   * Who the view was made for.
   */
  reader: Actor;
  referral?: Referral | null;
  referral_path?: ReferralStep[] | null;
  representatives?: Representation[] | null;
  requested_at: string;
  requested_by?: Actor | null;
  satisfaction?: Satisfaction[] | null;
  signals?: Signal[] | null;
  subject?: CommunitySubject | null;
  updated_at: string;
  variant: Variant;
  version: number;
  views?: View[] | null;
  withheld?: Withholding[] | null;
}

/**
 * Every change to a case. See `docs/domain.md` for who may make each one and when.
 */
export type Command = {
  request_conference: RequestConference;
} | {
  register_organisation: {
    organisation: Organisation;
  };
} | {
  add_professional: {
    professional: Professional;
  };
} | {
  record_contact_details: {
    consent: boolean;
    details: ContactDetails;
    person: PersonId;
  };
} | {
  share_contact_details: {
    person: PersonId;
    with: PersonId;
  };
} | {
  withdraw_contact_consent: {
    person: PersonId;
  };
} | {
  assign_coordinator: {
    coordinator: Coordinator;
    /**
     * Why this coordinator fits the family.
     */
    reason?: string | null;
  };
} | {
  respond_to_coordinator: {
    accepted: boolean;
  };
} | {
  add_network_member: {
    member: NewNetworkMember;
  };
} | {
  update_invitation: {
    person: PersonId;
    status: InvitationStatus;
  };
} | {
  set_participation: {
    participation: Participation;
    person: PersonId;
  };
} | {
  submit_framework: {
    framework: NewFramework;
  };
} | {
  schedule_conference: {
    conference: ConferenceSchedule;
  };
} | "start_conference" | {
  begin_part: {
    part: ConferencePart;
  };
} | {
  record_attendance: {
    present: PersonId[];
  };
} | {
  submit_plan: {
    content: PlanContent;
  };
} | {
  assess_plan: {
    framework: FrameworkId;
    verdicts: [ItemId, ConditionVerdict][];
    version: number;
  };
} | "end_conference" | {
  distribute_plan: {
    frameworks_attached: FrameworkId[];
    recipients: PersonId[];
    version: number;
  };
} | {
  record_evaluation: {
    record: EvaluationRecord;
  };
} | {
  raise_signal: {
    about: string;
    id: SignalId;
    /**
     * The person the signal is about.
     */
    subject?: PersonId | null;
  };
} | {
  revise_plan: {
    content: PlanContent;
    evaluation?: EvalId | null;
    /**
     * A revision the circle decided outside a conference or an evaluation.
     */
    outside?: OutsideDecision | null;
  };
} | {
  close_case: {
    note?: string | null;
    outcome: Outcome;
  };
} | {
  withdraw: {
    reason: string;
  };
} | {
  record_satisfaction: {
    group: ParticipantGroup;
    /**
     * The person whose score it is.
     */
    person?: PersonId | null;
    score: number;
  };
} | {
  record_not_tested: {
    framework: FrameworkId;
    reason: string;
    version: number;
  };
} | {
  record_measure: {
    measure: MeasureUpdate;
  };
} | {
  add_representative: {
    representation: Representation;
  };
} | {
  record_consent: {
    given: boolean;
    matter: ConsentMatter;
    person: PersonId;
  };
} | {
  add_relation: {
    person: PersonId;
    relation: Relation;
  };
} | {
  record_information: {
    information: InformationGiven;
  };
} | {
  record_view: {
    person: PersonId;
    view: string;
  };
} | {
  add_interpreter: {
    interpreter: Interpreter;
  };
} | {
  choose_chair: {
    person: PersonId;
  };
} | {
  update_help: {
    help: HelpId;
    note?: string | null;
    status: HelpStatus;
  };
} | {
  end_involvement: {
    involvement: Involvement;
    reason: string;
  };
} | {
  record_meeting: {
    meeting: Meeting;
  };
} | {
  update_signal: {
    assessment?: string | null;
    resolution?: string | null;
    signal: SignalId;
  };
} | {
  replace_coordinator: {
    coordinator: Coordinator;
    reason: string;
  };
} | {
  record_arrangement: {
    arrangement: Arrangement;
  };
} | {
  withhold_details: {
    from: PersonId[];
    person: PersonId;
  };
} | {
  lift_withholding: {
    from: PersonId[];
    person: PersonId;
  };
} | {
  erase_person: {
    ground: string;
    person: PersonId;
  };
} | {
  hand_over: {
    reason: string;
    to: StoreId;
  };
};

/**
 * What a community conference is about: a street, a square, a school.
 */
export interface CommunitySubject {
  kind: SubjectKind;
  name: string;
}

/**
 * One professional's test of a plan version against one condition.
 */
export type ConditionVerdict = "met" | {
  not_met: {
    reason: string;
  };
};

/**
 * A conf id: `conf_` and 26 Crockford base32 characters.
 */
export type ConfId = string;

/**
 * A conference (number 1, or a follow-up conference 2, 3, …).
 */
export interface Conference {
  /**
   * The member of the circle who chaired private time (not necessarily who wrote the plan).
   */
  chair?: PersonId | null;
  date: string;
  ended_at?: string | null;
  id: ConfId;
  /**
   * What the professionals (and the coordinator) told the circle in the information part.
   */
  information?: InformationGiven[];
  interpreter: boolean;
  language: string;
  number: number;
  /**
   * Parts in the order they happened; private time may occur more than once when a
   * plan is not accepted and the circle goes back to it.
   */
  parts: PartRecord[];
  place: string;
}

/**
 * The three parts of a conference.
 */
export type ConferencePart = "information" | "private_time" | "presentation";

/**
 * A conference to be held.
 */
export interface ConferenceSchedule {
  date: string;
  id: ConfId;
  interpreter: boolean;
  language: string;
  place: string;
}

/**
 * What a person consents to.
 */
export type ConsentMatter = "conference" | "pass_contact" | "share_plan" | "restorative_agreement" | "plan";

/**
 * One person's consent (or its refusal) to one matter, given by themselves or by their
 * representative.
 */
export interface ConsentRecord {
  at: string;
  given: boolean;
  /**
   * Who gave it: the person, their representative, or the coordinator writing it down.
   */
  given_by: PersonId;
  matter: ConsentMatter;
  person: PersonId;
}

/**
 * Contact details. Only ever stored, read or passed on with consent (rule 8).
 */
export interface ContactDetails {
  address?: string | null;
  email?: string | null;
  phone?: string | null;
}

/**
 * Consent to store and pass on someone's contact details (rule 8).
 */
export interface ContactRecord {
  consent_at: string;
  consent_given_by: PersonId;
  details: ContactDetails;
}

/**
 * The independent coordinator's profile.
 */
export interface Coordinator {
  /**
   * Organisations the coordinator is affiliated with (rule 3: none may give help in the case).
   */
  affiliations: OrgId[];
  /**
   * Cultures the coordinator knows from within.
   */
  cultures?: string[];
  gender?: Gender | null;
  languages: string[];
  person: Person;
  region: string;
  religion?: string | null;
}

/**
 * The coordinator as assigned in a case.
 */
export interface CoordinatorAssignment {
  /**
   * Whether the family accepted the coordinator (moves the case into preparation).
   */
  accepted_at?: string | null;
  assigned_at: string;
  coordinator: Coordinator;
  /**
   * Why this coordinator was chosen (their language, their region, …).
   */
  reason?: string | null;
  /**
   * The regional manager who assigned and coaches the coordinator.
   */
  regional_manager: PersonId;
}

/**
 * A coordinator who could be assigned to a case, and the wishes they meet.
 */
export interface CoordinatorMatch {
  coordinator: Coordinator;
  /**
   * The family's wishes this coordinator meets, in the order of [`Fit`].
   */
  fits: Fit[];
}

/**
 * Wishes for the coordinator (guide, step "Voorbereiding").
 */
export interface CoordinatorPreferences {
  culture?: string | null;
  gender?: Gender | null;
  language?: string | null;
  other?: string | null;
  /**
   * The region the family lives in, for a coordinator who works there.
   */
  region?: string | null;
  religion?: string | null;
}

/**
 * Where a plan version was decided.
 */
export type DecidedAt = {
  conference: {
    number: number;
  };
} | {
  evaluation: {
    evaluation: EvalId;
  };
} | {
  outside: {
    by: PersonId[];
    on: string;
  };
};

/**
 * How much of a case a file holds.
 */
export type Disclosure = "full" | "scoped" | "pseudonymised";

/**
 * Who received the plan, with which frameworks attached, and when.
 */
export interface Distribution {
  at: string;
  frameworks_attached: FrameworkId[];
  recipients: PersonId[];
  version: number;
}

/**
 * An evaluation planned on or before a date and not yet held.
 */
export interface DueEvaluation {
  case: CaseId;
  evaluation: EvalId;
  planned_on: string;
}

/**
 * How a case ended.
 */
export type Ending = {
  closed: {
    at: string;
    note?: string | null;
    outcome: Outcome;
  };
} | {
  withdrawn: {
    at: string;
    reason: string;
  };
};

/**
 * A person erased from the case (format 5): who erased them, when, and on what ground. The
 * tombstone of [`crate::Command::ErasePerson`].
 */
export interface Erasure {
  at: string;
  by: PersonId;
  /**
   * The ground, in words ("request of the person, AVG article 17").
   */
  ground: string;
  person: PersonId;
}

/**
 * What [`Store::erase_person`] did.
 */
export interface ErasureReport {
  /**
   * The cases the person was erased from; each has its tombstone event.
   */
  cases: CaseId[];
  /**
   * Whether the store was compacted afterwards, so that the erased bytes left the file
   * ([`SharedStore::erase_person`] and `kring erase` compact; [`Store::erase_person`]
   * leaves it to [`Store::compact`]).
   */
  compacted: boolean;
  /**
   * Events of their histories written again without the person (the tombstones not
   * counted).
   */
  events: number;
  person: PersonId;
  /**
   * Whether the person's entry left the coordinator pool.
   */
  pool: boolean;
}

/**
 * A eval id: `eval_` and 26 Crockford base32 characters.
 */
export type EvalId = string;

/**
 * An evaluation moment and, once held, what happened.
 */
export interface Evaluation {
  /**
   * The plan version that stopped planning this moment before it was held: it is no
   * longer due.
   */
  dropped_in?: number | null;
  held?: HeldEvaluation | null;
  id: EvalId;
  /**
   * The plan version that planned it.
   */
  planned_in: number;
  planned_on: string;
}

/**
 * A planned evaluation moment.
 */
export interface EvaluationMoment {
  id: EvalId;
  planned_on: string;
}

/**
 * The record of an evaluation as the circle holds it.
 */
export interface EvaluationRecord {
  convened_by: PersonId;
  evaluation: EvalId;
  held_on: string;
  /**
   * Where the help asked of professionals stands (optional; each named once).
   */
  help_reviews?: HelpReview[];
  next_step: NextStep;
  present: PersonId[];
  reviews: AgreementReview[];
}

/**
 * An accepted command: what changed, in which case, by whom and when. The state of a case
 * is the fold of its events ([`crate::Case::apply`]).
 */
export interface Event {
  actor: Actor;
  at: string;
  case: CaseId;
  command: Command;
  /**
   * The edition of the rules the command was decided under, and the event is folded by
   * ([`RULES`]); 1 for every event stored before format 3.
   */
  rules?: number;
  /**
   * 1 for the request, then one more for every accepted command.
   */
  version: number;
}

/**
 * One entry of a store's change feed, as another store follows it (`kring feed`, one JSON
 * line each): the event, where it stands in the feed of `store`, and where it was written.
 */
export interface FeedEntry {
  event: Event;
  /**
   * The version of the feed entry format ([`FEED_VERSION`]).
   */
  kring_feed: number;
  /**
   * The store that wrote the event (`store` itself, or the store it came from).
   */
  origin: StoreId;
  /**
   * The event's sequence number in the feed of its origin.
   */
  origin_seq: number;
  /**
   * The entry's sequence number in that feed (1, 2, 3, … across all its cases).
   */
  seq: number;
  /**
   * The store whose change feed this is.
   */
  store: StoreId;
}

/**
 * An event of a case file: where it was written, and the event.
 */
export interface FiledEvent {
  event: Event;
  /**
   * The store that wrote the event.
   */
  origin: StoreId;
  /**
   * The event's sequence number in the change feed of that store.
   */
  seq: number;
}

/**
 * A family's wish a coordinator meets.
 */
export type Fit = "language" | "gender" | "culture" | "religion" | "region";

/**
 * What [`Store::follow`] did with a batch of another store's feed.
 */
export interface FollowReport {
  /**
   * Events added to this store.
   */
  added: number;
  /**
   * The sequence number of the last entry of the followed feed taken, now and after
   * every later call: the next batch starts after it.
   */
  cursor: number;
  /**
   * Erasures taken (`erase_person` events): each person is gone from this store's copy
   * of the case as from the holder's; compact the store so that the bytes leave the file
   * ([`Store::compact`]; `kring follow` does).
   */
  erasures: number;
  /**
   * Entries passed over: taken before, already here, or of cases not followed.
   */
  skipped: number;
  /**
   * The store followed.
   */
  store: StoreId;
}

/**
 * A coordinator who was replaced, and why.
 */
export interface FormerCoordinator {
  assignment: CoordinatorAssignment;
  ended_at: string;
  reason: string;
}

/**
 * A framework id: `framework_` and 26 Crockford base32 characters.
 */
export type FrameworkId = string;

/**
 * One item of a safety framework.
 */
export interface FrameworkItem {
  id: ItemId;
  text: string;
}

/**
 * How something in the plan is paid for.
 */
export type Funding = "own_means" | "insurance" | "other" | "personal_budget" | "in_kind";

/**
 * Gender, as far as a coordinator preference or profile needs it.
 */
export type Gender = "female" | "male" | "other";

/**
 * What happened at an evaluation.
 */
export interface HeldEvaluation {
  convened_by: PersonId;
  held_on: string;
  /**
   * Where the help asked of professionals stood at the evaluation.
   */
  help_reviews?: HelpReview[];
  next_step: NextStep;
  /**
   * The plan version that was reviewed.
   */
  plan_version: number;
  present: PersonId[];
  recorded_at: string;
  reviews: AgreementReview[];
}

/**
 * A help id: `help_` and 26 Crockford base32 characters.
 */
export type HelpId = string;

/**
 * The state of one requested help item at an evaluation.
 */
export interface HelpReview {
  help: HelpId;
  note?: string | null;
  status: HelpStatus;
}

/**
 * Where help asked of professionals stands.
 */
export type HelpStatus = "asked" | "agreed" | "started" | "stopped" | "refused";

/**
 * A status of help asked of professionals, with when and by whom it was recorded.
 */
export interface HelpUpdate {
  at: string;
  help: HelpId;
  note?: string | null;
  recorded_by: PersonId;
  status: HelpStatus;
}

/**
 * An event with its place in the store's global log.
 */
export interface HistoryRecord {
  event: Event;
  /**
   * The global sequence number (1, 2, 3, … across all cases).
   */
  seq: number;
}

/**
 * How a network member came into the circle.
 */
export type Identified = "at_intake" | "widening_circle" | "at_conference";

/**
 * What someone told the circle in the information part, and the documents handed out.
 */
export interface InformationGiven {
  /**
   * Titles of documents handed out ("visiting arrangement").
   */
  documents?: string[];
  /**
   * A professional of the case, or the coordinator.
   */
  given_by: PersonId;
  summary: string;
}

/**
 * An interpreter: not in the circle and not a professional of the case; present for the
 * people they translate for, also in private time.
 */
export interface Interpreter {
  /**
   * The people of the circle they translate for.
   */
  for_persons: PersonId[];
  language: string;
  person: Person;
}

/**
 * Where an invitation stands.
 */
export type InvitationStatus = "identified" | "invited" | "confirmed" | "declined" | "unreachable";

/**
 * Whose involvement in a case ends.
 */
export type Involvement = {
  professional: {
    person: PersonId;
  };
} | {
  organisation: {
    organisation: OrgId;
  };
};

/**
 * The end of a professional's or an organisation's involvement ("home help stops: the plan
 * replaces it").
 */
export interface InvolvementEnd {
  at: string;
  involvement: Involvement;
  reason: string;
  recorded_by: PersonId;
}

/**
 * A item id: `item_` and 26 Crockford base32 characters.
 */
export type ItemId = string;

/**
 * The legal basis of the plan.
 */
export type LegalBasis = "jeugdwet_familiegroepsplan" | "wmo_persoonlijk_plan" | "wvggz_eigen_plan_van_aanpak" | "other" | "youth_probation" | "juvenile_criminal_law";

/**
 * A main person of the case.
 */
export interface MainPerson {
  /**
   * Required in a restorative case, absent otherwise.
   */
  party?: Party | null;
  person: Person;
}

/**
 * A legal or protective measure and its status over time.
 */
export interface Measure {
  concerns: PersonId[];
  /**
   * Every status it had, in the order recorded; the last is the current one.
   */
  history: MeasureState[];
  id: MeasureId;
  kind: MeasureKind;
  label?: string | null;
}

/**
 * A measure id: `measure_` and 26 Crockford base32 characters.
 */
export type MeasureId = string;

/**
 * A legal or protective measure around the family (seed 001: OTS, gezag, voogdij, the
 * court, a placement; seed 004: Wvggz, youth probation, juvenile criminal law, Halt).
 */
export type MeasureKind = "court_hearing" | "other" | "supervision_order" | "custody" | "guardianship" | "child_protection_investigation" | "placement" | "youth_probation" | "juvenile_criminal_law" | "prosecution" | "halt" | "compulsory_care";

/**
 * One status of a measure.
 */
export interface MeasureState {
  at: string;
  note?: string | null;
  on: string;
  recorded_by: PersonId;
  status: MeasureStatus;
}

/**
 * Where a measure stands at a moment.
 */
export type MeasureStatus = "considered" | "requested" | "scheduled" | "in_force" | "extended" | "carried_out" | "dismissed" | "ended" | "averted";

/**
 * A change to a legal or protective measure, as a command carries it: the first one for an id
 * opens the measure, later ones move its status along.
 */
export interface MeasureUpdate {
  /**
   * The people the measure concerns (the child under supervision, the parent with custody).
   */
  concerns: PersonId[];
  id: MeasureId;
  kind: MeasureKind;
  /**
   * The measure in words, required with `other`.
   */
  label?: string | null;
  note?: string | null;
  /**
   * The day the status took effect (or, for `scheduled`, the day planned).
   */
  on: string;
  status: MeasureStatus;
}

/**
 * A meeting outside the conference and the planned evaluations.
 */
export interface Meeting {
  convened_by: PersonId;
  invited: PersonId[];
  kind: MeetingKind;
  note?: string | null;
  on: string;
  present: PersonId[];
}

/**
 * A meeting outside the conference and the planned evaluations.
 */
export type MeetingKind = "other" | "professionals_with_circle" | "coordinator_briefing" | "circle_meeting";

/**
 * A member of the circle.
 */
export interface NetworkMember {
  /**
   * Roles the member also holds outside the circle ("teacher", "volunteer through a care
   * provider").
   */
  also?: string[];
  identified: Identified;
  identified_at: string;
  invitation: InvitationStatus;
  minor: boolean;
  /**
   * The organisation the member takes part for (a shop or a mosque in a community
   * conference, the school in a learning circle).
   */
  organisation?: OrgId | null;
  participation?: Participation | null;
  person: Person;
  relations: Relation[];
  side: Side;
}

/**
 * A safety framework as the professional hands it in.
 */
export interface NewFramework {
  concerns: FrameworkItem[];
  conditions: FrameworkItem[];
  criteria: FrameworkItem[];
  id: FrameworkId;
  questions: FrameworkItem[];
}

/**
 * A new member of the circle.
 */
export interface NewNetworkMember {
  /**
   * Roles the member also holds outside the circle.
   */
  also?: string[];
  identified: Identified;
  minor: boolean;
  /**
   * The organisation the member takes part for.
   */
  organisation?: OrgId | null;
  person: Person;
  /**
   * At least one relation, each to a main person.
   */
  relations: Relation[];
  side: Side;
}

/**
 * What the circle decides at an evaluation.
 */
export type NextStep = "continue" | "revise" | "follow_up_conference" | "close";

/**
 * A framework whose professional did not test a plan version at its presentation (they were
 * absent, or did not respond): it does not hold the version back.
 */
export interface NotTested {
  at: string;
  framework: FrameworkId;
  reason: string;
  recorded_by: PersonId;
}

/**
 * An evaluation moment planned and neither held nor dropped.
 */
export interface OpenEvaluation {
  id: EvalId;
  planned_on: string;
}

/**
 * A org id: `org_` and 26 Crockford base32 characters.
 */
export type OrgId = string;

/**
 * An organisation.
 */
export interface Organisation {
  id: OrgId;
  kind: OrganisationKind;
  name: string;
}

/**
 * Kind of organisation.
 */
export type OrganisationKind = "care_provider" | "municipality" | "school" | "police_justice" | "housing" | "other" | "business" | "faith_community";

/**
 * How a case ended.
 */
export type Outcome = "plan_carried_out" | "situation_safe_measure_ended" | "living_arrangement_within_network" | "placement_outside_network" | "other" | "plan_not_carried_out" | "contact_lost" | "moved_away" | "placement_averted";

/**
 * A revision decided outside a conference or an evaluation.
 */
export interface OutsideDecision {
  /**
   * Who decided: members of the circle.
   */
  by: PersonId[];
  on: string;
}

/**
 * Attendance and timing of one conference part.
 */
export interface PartRecord {
  ended_at?: string | null;
  part: ConferencePart;
  present: PersonId[];
  started_at: string;
}

/**
 * Groups whose satisfaction may be scored.
 */
export type ParticipantGroup = "main_person" | "child" | "adult_network_member" | "professional";

/**
 * How a network member takes part in a conference.
 */
export type Participation = "in_person" | "remote" | "written_contribution" | {
  represented: {
    by: PersonId;
  };
} | {
  not_attending_for_safety: {
    reason: string;
  };
} | {
  not_attending: {
    reason?: string | null;
  };
};

/**
 * The part a main person plays in a restorative case.
 */
export type Party = "harmed" | "responsible";

/**
 * A person as they appear in a case.
 */
export interface Person {
  birth_date?: string | null;
  id: PersonId;
  languages?: string[];
  name: string;
}

/**
 * A person id: `person_` and 26 Crockford base32 characters.
 */
export type PersonId = string;

/**
 * Where a case stands in its lifecycle. During [`Phase::Conference`] the current part
 * is [`crate::Case::current_part`].
 */
export type Phase = "requested" | "preparation" | "conference" | "follow_up" | "closed" | "withdrawn";

/**
 * A phase the case entered, and when.
 */
export interface PhaseChange {
  at: string;
  phase: Phase;
}

/**
 * What the circle decided: the content of one plan version. Missing fields are empty.
 */
export interface PlanContent {
  agreements?: Agreement[];
  /**
   * How the circle and the professionals keep in touch about progress (guide step 10).
   */
  contact_arrangement?: string | null;
  /**
   * Network members who call the circle together when the plan falters (rule 5).
   */
  conveners?: PersonId[];
  /**
   * At least one (rule 5).
   */
  evaluations?: EvaluationMoment[];
  /**
   * Network members who watch whether the plan works (rule 5).
   */
  monitors?: PersonId[];
  requested_help?: RequestedHelp[];
}

/**
 * A plan version's number and status.
 */
export interface PlanRef {
  status: PlanStatus;
  version: number;
}

/**
 * Where a plan version stands.
 */
export type PlanStatus = "presented" | "accepted" | "not_accepted" | "superseded";

/**
 * One version of the plan. The circle is always its author (rule 1).
 */
export interface PlanVersion {
  assessments: Assessment[];
  /**
   * True when the coordinator wrote it down on the circle's behalf.
   */
  by_scribe: boolean;
  content: PlanContent;
  decided_at: DecidedAt;
  /**
   * Frameworks whose professional did not test this version, as the coordinator recorded.
   */
  not_tested?: NotTested[];
  /**
   * The edition of the rules `status` was last derived under (see [`crate::RULES`]).
   */
  rules?: number;
  status: PlanStatus;
  submitted_at: string;
  version: number;
  /**
   * Who wrote it down: a member of the circle, or the coordinator as scribe.
   */
  written_by: PersonId;
}

/**
 * A coordinator in the pool.
 */
export interface PoolEntry {
  /**
   * Whether they take on a new family now.
   */
  available: boolean;
  /**
   * Their profile, as an assignment copies it into a case.
   */
  coordinator: Coordinator;
}

/**
 * A professional involved in the case.
 */
export interface Professional {
  organisation: OrgId;
  person: Person;
  role: ProfessionalRole;
  /**
   * The role in words, required with `other` ("buurtsportcoach").
   */
  role_label?: string | null;
}

/**
 * The role a professional plays in the case.
 */
export type ProfessionalRole = "child_protection" | "youth_probation" | "family_coach" | "mental_health" | "school" | "housing" | "municipality" | "other" | "police" | "youth_care_worker" | "case_manager" | "foster_care_worker" | "school_doctor" | "follow_up_coach";

/**
 * Who asked for the conference.
 */
export type Referral = {
  professional: {
    professional: Professional;
  };
} | "family" | {
  municipality: {
    organisation: OrgId;
  };
};

/**
 * One step of the way to the request, when more than one organisation referred.
 */
export interface ReferralStep {
  note?: string | null;
  /**
   * An organisation registered in the request.
   */
  organisation: OrgId;
}

/**
 * A relation of a network member to another person in the circle: a main person, or
 * (from format 3) another member ("the mother's friend", "the partner's father").
 */
export interface Relation {
  /**
   * What the member is to `to`: `parent` means the member is `to`'s parent.
   */
  kind: RelationKind;
  /**
   * The relation in words, where no kind fits ("football coach", "godmother").
   */
  label?: string | null;
  /**
   * The side of the family, relative to `to` when `to` is a main person.
   */
  side?: Side | null;
  to: PersonId;
}

/**
 * A network member's relation to a main person.
 */
export type RelationKind = "parent" | "step_parent" | "sibling" | "grandparent" | "aunt_uncle" | "cousin" | "other_family" | "partner" | "friend" | "neighbour" | "faith_community" | "school" | "colleague" | "volunteer" | "other" | "child" | "grandchild" | "foster_parent" | "foster_child" | "step_child" | "step_sibling" | "parent_of_partner" | "parent_of_friend";

/**
 * Someone who acts for a person who cannot, or may not yet, act alone.
 */
export interface Representation {
  /**
   * The main person they act for.
   */
  for_person: PersonId;
  kind: RepresentativeKind;
  /**
   * The representative: a main person or a member of the circle.
   */
  person: PersonId;
}

/**
 * On what ground someone acts for another person.
 */
export type RepresentativeKind = "other" | "parent_with_authority" | "guardian" | "mentor" | "curator" | "power_of_attorney";

/**
 * The request that opens a case.
 */
export interface RequestConference {
  /**
   * What led to the request (a report to the hotline, a police report).
   */
  antecedents?: Antecedent[];
  /**
   * Consent to pass the main persons' contact details on (guide step 1).
   */
  consent_to_pass_contact: boolean;
  /**
   * A short description of the situation.
   */
  description: string;
  legal_basis: LegalBasis;
  /**
   * At least one; in a restorative case a harmed and a responsible party.
   */
  main_persons: MainPerson[];
  /**
   * Organisations referred to by the referral and professionals (may be empty).
   */
  organisations?: Organisation[];
  /**
   * The day the person's own plan of action must be ready (Wvggz).
   */
  plan_deadline?: string | null;
  preferences?: CoordinatorPreferences;
  /**
   * The question(s) the conference must answer: at least one.
   */
  questions: CaseQuestion[];
  referral: Referral;
  /**
   * The way to the request when more than one organisation referred, in order.
   */
  referral_path?: ReferralStep[];
  /**
   * What a community conference is about; only in the `community` variant.
   */
  subject?: CommunitySubject | null;
  variant: Variant;
}

/**
 * Help the circle asks of professionals: a separate list (rule 6).
 */
export interface RequestedHelp {
  answers?: ItemId[];
  /**
   * The professional asked, if one is named.
   */
  from?: PersonId | null;
  /**
   * How it is paid for.
   */
  funding?: Funding | null;
  id: HelpId;
  what: string;
}

/**
 * The role an actor acts in.
 */
export type Role = "main_person" | "network_member" | "coordinator" | "regional_manager" | "professional" | "administrator";

/**
 * A named rule of the model. Rules 1–8 are the rules of `docs/domain.md` (traced to the
 * seeds); the others are structural invariants. The code is stable forever.
 */
export type Rule = "plan_by_circle" | "private_time" | "coordinator_independent" | "safe_plan_accepted" | "plan_safeguards" | "agreements_carried_by_circle" | "lifecycle" | "contact_consent" | "unique_ids" | "references_resolve" | "time_order" | "case_parties" | "assessment_complete" | "evaluation_complete" | "frameworks_attached" | "invitation_flow" | "case_limits" | "details_withheld";

/**
 * What a professional writes before the conference (informatieformulier voor hulpverleners).
 */
export interface SafetyFramework {
  /**
   * Concrete worries.
   */
  concerns: FrameworkItem[];
  /**
   * Non-negotiable bottom lines: the only grounds on which a plan may be refused (rule 4).
   */
  conditions: FrameworkItem[];
  /**
   * Criteria the plan will be tested against.
   */
  criteria: FrameworkItem[];
  id: FrameworkId;
  professional: PersonId;
  /**
   * Questions the plan must answer.
   */
  questions: FrameworkItem[];
  submitted_at: string;
}

/**
 * A satisfaction score (1–10) given by one participant group.
 */
export interface Satisfaction {
  at: string;
  group: ParticipantGroup;
  /**
   * The person who gave the score, when it is one person's (two main persons may differ).
   */
  person?: PersonId | null;
  score: number;
}

/**
 * A part of a case, as scoped reads give it out.
 */
export type Section = "case" | "request" | "circle" | "professionals" | "coordinator" | "contacts" | "withholdings" | "frameworks" | "conferences" | "plan" | "help" | "follow_up" | "views" | "measures" | "consents" | "satisfaction" | "erasures";

/**
 * Which side of the family a network member comes from.
 */
export type Side = "mothers" | "fathers" | "own";

/**
 * A worry raised between evaluations (the Williams case).
 */
export interface Signal {
  about: string;
  /**
   * How the circle or a professional weighed it.
   */
  assessment?: string | null;
  at: string;
  id: SignalId;
  raised_by: PersonId;
  /**
   * How it was resolved; a resolved signal is closed.
   */
  resolution?: string | null;
  resolved_at?: string | null;
  /**
   * The person the signal is about.
   */
  subject?: PersonId | null;
}

/**
 * A signal id: `signal_` and 26 Crockford base32 characters.
 */
export type SignalId = string;

/**
 * A store id: `store_` and 26 Crockford base32 characters.
 */
export type StoreId = string;

/**
 * What a community conference (Alle Hens) is about.
 */
export type SubjectKind = "street" | "square" | "neighbourhood" | "school" | "other";

/**
 * What [`Store::upgrade`] did.
 */
export interface UpgradeReport {
  cases: number;
  /**
   * Events and case states written again in the current format.
   */
  events: number;
  /**
   * The format the store had.
   */
  from: number;
  /**
   * The format it has now.
   */
  to: number;
}

/**
 * The kind of conference (seed 002).
 */
export type Variant = "family" | "restorative" | "community" | "learning";

/**
 * What [`Store::verify`] checked.
 */
export interface VerifyReport {
  cases: number;
  events: number;
  index_entries: number;
}

/**
 * A person's own view, in their words ("she wants to stay with her uncle and aunt").
 */
export interface View {
  at: string;
  person: PersonId;
  recorded_by: PersonId;
  view: string;
}

/**
 * One person's contact details and whereabouts withheld from another person in the case
 * (rule 8, `details_withheld`; format 5): reads made for `from` never contain them, and
 * they are never passed on to `from`.
 */
export interface Withholding {
  /**
   * Who withheld them.
   */
  by: PersonId;
  /**
   * From whom.
   */
  from: PersonId;
  /**
   * Whose details are withheld.
   */
  person: PersonId;
  since: string;
}
