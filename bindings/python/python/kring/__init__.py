"""kring: an embedded database for family group conferences (Eigen Kracht-conferenties).

The model, its rules and every check live in the Rust core; this package is a thin, Pythonic
handle on it. Commands are written in the core's JSON shape — a command name with its fields
as keyword arguments — and results come back as :class:`Record` objects with attribute
access and ``to_dict()``. Times are timezone-aware UTC ``datetime`` values, dates are
``date`` values, ids are strings such as ``"case_01KJPWD6M01P0253QAPHC5NN4Q"``.

>>> import kring
>>> with kring.Store.in_memory() as store:
...     ids = store.generate(seed=1, count=3)
...     store.count()
3
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Callable, Dict, Iterator, List, Literal, Mapping, NamedTuple, Optional, Sequence, Tuple, TypedDict, Union, cast, overload

from . import _native, model
from ._native import (
    AlreadyExists,
    AlreadyOpen,
    Closed,
    Corrupted,
    InvalidInput,
    KringError,
    NotAKringStore,
    NotFound,
    PermissionDenied,
    RuleViolation,
    StoreError,
    UpgradeRequired,
    Conflict,
)

__all__ = [
    "Actor",
    "ActorLike",
    "Batch",
    "Record",
    "Store",
    "UpgradeReport",
    "Measures",
    "GroupMeasures",
    "ROLES",
    "ID_KINDS",
    "RESEARCH_TABLES",
    "ResearchTableName",
    "KringError",
    "RuleViolation",
    "PermissionDenied",
    "NotFound",
    "InvalidInput",
    "Conflict",
    "StoreError",
    "AlreadyOpen",
    "AlreadyExists",
    "Corrupted",
    "UpgradeRequired",
    "NotAKringStore",
    "Closed",
    "FORMAT_VERSION",
    "LIMITS",
]

FORMAT_VERSION: int = _native.FORMAT_VERSION

#: How large one case may grow (people, plan versions, signals, …); a command past a limit
#: raises :class:`RuleViolation` with rule ``case_limits``.
LIMITS: Dict[str, int] = dict(_native.LIMITS)

#: The roles an actor can act in (the core's list).
ROLES: Tuple[str, ...] = _native.ROLES

#: The kinds of id :meth:`Store.new_id` makes (the core's list): ``case``, ``person``,
#: ``org``, …; each id's text begins with its kind and ``_``.
ID_KINDS: Tuple[str, ...] = _native.ID_KINDS

#: The name of a research table (:meth:`Store.research_tables`).
ResearchTableName = Literal[
    "cases", "phases", "network", "attendance", "frameworks", "plan_items",
    "agreement_reviews", "evaluations", "acceptance", "outcomes", "satisfaction",
]

#: The research tables, in their order (the core's list): what :meth:`Store.research_tables`
#: gives, and what its ``tables=`` chooses from.
RESEARCH_TABLES: Tuple[ResearchTableName, ...] = cast(Tuple[ResearchTableName, ...], _native.RESEARCH_TABLES)


#: What :meth:`Store.upgrade` did (the core's ``UpgradeReport``): the format the store had
#: (``from``) and has now (``to``), and how many events and case states it wrote again in the
#: current format. A plain ``dict``; ``from`` is a keyword, hence the functional form.
UpgradeReport = TypedDict("UpgradeReport", {"from": int, "to": int, "events": int, "cases": int})

# The standard measures (:meth:`Store.measures`), as the core's ``Measures`` serialises them;
# ``docs/research.md`` defines each. ``None`` is a value withheld as a small cell, or one that
# does not exist (the median of no cases).


class Quartiles(TypedDict):
    """A whole-number variable over cases: how many, the mean, quartiles by nearest rank."""

    count: Optional[int]
    mean: Optional[float]
    p25: Optional[int]
    median: Optional[int]
    p75: Optional[int]


class Uptake(TypedDict):
    requests: Optional[int]
    conferences_held: Optional[int]
    conference_share: Optional[float]
    withdrawn: Optional[int]
    withdrawn_share: Optional[float]
    withdrawn_in_phase: Dict[str, Optional[int]]
    #: Identifying only (free text): ``None`` when pseudonymised.
    withdrawal_reasons: Optional[Dict[str, int]]
    closed: Optional[int]
    closed_by_outcome: Dict[str, Optional[int]]
    open: Optional[int]


class Timing(TypedDict):
    days_to_coordinator: Quartiles
    days_to_conference: Quartiles


class Circle(TypedDict):
    cases: Optional[int]
    circle_size: Quartiles
    network_members: Quartiles
    main_persons: Quartiles
    identified_at_intake: Optional[int]
    identified_widening_circle: Optional[int]
    identified_at_conference: Optional[int]
    share_at_intake: Optional[float]
    share_widening_circle: Optional[float]
    share_at_conference: Optional[float]
    cases_widened: Optional[int]


class PartAttendance(TypedDict):
    conferences: Optional[int]
    persons_present: Quartiles
    circle_present: Quartiles
    circle_share: Optional[float]


class Attendance(TypedDict):
    information: PartAttendance
    private_time: PartAttendance
    presentation: PartAttendance


class PlanItems(TypedDict):
    plans: Optional[int]
    agreements: Optional[int]
    requested_help: Optional[int]
    network_share: Optional[float]
    items_per_plan: Quartiles


class PlanAcceptance(TypedDict):
    conferences_held: Optional[int]
    accepted: Optional[int]
    accepted_share: Optional[float]
    first_time: Optional[int]
    after_private_time: Optional[int]
    first_time_share: Optional[float]


class Kept(TypedDict):
    cases: Optional[int]
    reviews: Dict[str, Optional[int]]
    kept: Optional[int]
    not_kept: Optional[int]
    kept_share: Optional[float]


class AgreementsKept(TypedDict):
    first_evaluation: Kept
    three_months: Kept


class FollowUp(TypedDict):
    conferences_held: Optional[int]
    cases_with_follow_up_conference: Optional[int]
    follow_up_conferences: Optional[int]
    follow_up_share: Optional[float]
    cases_evaluated: Optional[int]
    cases_revised: Optional[int]
    cases_met_again: Optional[int]


class Score(TypedDict):
    scores: Optional[int]
    cases: Optional[int]
    mean: Optional[float]


class GroupMeasures(TypedDict):
    """The measures of one group: ``group`` is ``all``, a variant or legal-basis code, an
    organisation's id (identifying) or pseudonym, or ``family``; ``label`` the organisation's
    name (identifying only); ``suppressed`` when the group has fewer than ``min_cell`` cases
    and is pseudonymised."""

    group: str
    label: Optional[str]
    suppressed: bool
    cells_suppressed: int
    uptake: Uptake
    timing: Timing
    circle: Circle
    attendance: Attendance
    plan_items: PlanItems
    acceptance: PlanAcceptance
    agreements_kept: AgreementsKept
    follow_up: FollowUp
    satisfaction: Dict[str, Score]


#: How :meth:`Store.measures` groups the cases.
GroupBy = Literal["none", "variant", "legal_basis", "organisation"]

#: The period (``date`` values, or ``None``) and the grouping a :class:`Measures` answers.
MeasureQuery = TypedDict("MeasureQuery", {"from": Optional[date], "to": Optional[date], "group_by": GroupBy})


class Measures(TypedDict):
    """The standard measures of the cases requested in a period, one entry per group
    (:meth:`Store.measures`)."""

    query: MeasureQuery
    pseudonymised: bool
    #: The fewest cases a shown value rests on: 5 when pseudonymised, else 0.
    min_cell: int
    groups: List[GroupMeasures]


class Actor(NamedTuple):
    """Who makes a command: a person (id) in a role (one of :data:`ROLES`).

    A registered representative (``add_representative``: a parent with authority, a mentor)
    acts for the main person they represent in the role ``main_person``, naming that person
    in ``on_behalf_of``: ``Actor(mother, "main_person", on_behalf_of=child)``. The core checks
    the representation; anyone else claiming it is refused with :class:`PermissionDenied`.
    """

    person: str
    role: str
    on_behalf_of: Optional[str] = None


#: What :meth:`Store.execute` and friends take as an actor: an :class:`Actor`, a
#: ``(person, role)`` or ``(person, role, on_behalf_of)`` tuple, or a mapping with those keys
#: (such as ``event.actor`` of a record from :meth:`Store.history`).
ActorLike = Union[Actor, Tuple[str, str], Tuple[str, str, Optional[str]], Mapping[str, Any]]


#: A result from the store: a read-only view of the core's value (``kring._native.Record``, a
#: :class:`collections.abc.Mapping`). Only what is read is converted: ``case.plans[0].content``
#: converts that plan's content, not the case. Keys are the core's JSON field names, readable
#: as attributes (``case.phase``) or items (``case["from"]``); an object is a record, a
#: sequence a ``list``, a time a UTC ``datetime``, a date a ``date``. Records compare equal to
#: records and to plain dicts of the same content, are not hashable (as dicts are not),
#: ``to_dict()`` gives plain, deep dicts and lists, and ``to_json()`` the core's JSON text.
Record = _native.Record


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _invalid(message: str) -> InvalidInput:
    err = InvalidInput(message)
    err.code = "invalid_input"
    err.rule = None
    err.ids = []
    return err


Command = Union[str, Mapping[str, Any]]


def _command(command: Command, fields: Mapping[str, Any]) -> Any:
    """The core's JSON shape: ``"name"`` for a command without fields, else ``{"name": {...}}``."""
    if isinstance(command, str):
        return {command: dict(fields)} if fields else command
    if isinstance(command, Mapping):
        if fields:
            raise _invalid("invalid command: give either a command dict or a name with keyword arguments, not both")
        return dict(command)
    raise _invalid(f"invalid command: expected a name or a dict, not {type(command).__name__}")


def _items(items: Sequence[Mapping[str, Any]]) -> List[Tuple[str, "Actor", Optional[datetime], Any, Optional[int]]]:
    """The items of ``execute_many`` and ``import_commands`` as the native store takes them."""
    native: List[Tuple[str, Actor, Optional[datetime], Any, Optional[int]]] = []
    append = native.append
    if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
        raise _invalid("invalid items: expected a list of dicts")
    for n, i in enumerate(items):
        if not isinstance(i, Mapping) or "case" not in i or "actor" not in i or "command" not in i:
            raise _invalid(f"invalid items[{n}]: expected a dict with case, actor and command")
        command, fields = i["command"], i.get("fields")
        if fields or type(command) is not dict:
            command = _command(command, fields or {})
        append((i["case"], _actor(i["actor"]), i.get("at"), command, i.get("expected_version")))
    return native


def _actor(actor: ActorLike) -> Actor:
    if type(actor) is Actor:
        return actor
    if isinstance(actor, tuple) and len(actor) in (2, 3):
        return Actor(*actor)
    if isinstance(actor, Mapping) and "person" in actor and "role" in actor:
        return Actor(actor["person"], actor["role"], actor.get("on_behalf_of"))
    raise _invalid("invalid actor: expected Actor(person, role) or Actor(person, role, on_behalf_of)")


class Batch:
    """Commands collected by :meth:`Store.batch`, committed together when the block ends."""

    def __init__(self) -> None:
        self._items: List[Tuple[str, Actor, Optional[datetime], Any, Optional[int]]] = []
        self.events: List[Record] = []

    # <generated: Batch.execute overloads>
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["request_conference"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, antecedents: List[model.AntecedentDict] = ..., consent_to_pass_contact: bool, description: str, legal_basis: model.LegalBasis, main_persons: List[model.MainPersonDict], organisations: List[model.OrganisationDict] = ..., plan_deadline: Optional[date] = ..., preferences: model.CoordinatorPreferencesDict = ..., questions: List[model.CaseQuestionDict], referral: model.ReferralDict, referral_path: List[model.ReferralStepDict] = ..., subject: Optional[model.CommunitySubjectDict] = ..., variant: model.Variant) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["register_organisation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, organisation: model.OrganisationDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_professional"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, professional: model.ProfessionalDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_contact_details"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, consent: bool, details: model.ContactDetailsDict, person: model.PersonId) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["share_contact_details"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, **fields: model.PersonId) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["withdraw_contact_consent"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["assign_coordinator"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, coordinator: model.CoordinatorDict, reason: Optional[str] = ...) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["respond_to_coordinator"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, accepted: bool) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_network_member"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, member: model.NewNetworkMemberDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["update_invitation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, status: model.InvitationStatus) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["set_participation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, participation: model.ParticipationDict, person: model.PersonId) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["submit_framework"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, framework: model.NewFrameworkDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["schedule_conference"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, conference: model.ConferenceScheduleDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["start_conference"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["begin_part"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, part: model.ConferencePart) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_attendance"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, present: List[model.PersonId]) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["submit_plan"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, content: model.PlanContentDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["assess_plan"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, framework: model.FrameworkId, verdicts: List[Tuple[model.ItemId, model.ConditionVerdictDict]], version: int) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["end_conference"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["distribute_plan"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, frameworks_attached: List[model.FrameworkId], recipients: List[model.PersonId], version: int) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_evaluation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, record: model.EvaluationRecordDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["raise_signal"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, about: str, id: model.SignalId, subject: Optional[model.PersonId] = ...) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["revise_plan"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, content: model.PlanContentDict, evaluation: Optional[model.EvalId] = ..., outside: Optional[model.OutsideDecisionDict] = ...) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["close_case"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, note: Optional[str] = ..., outcome: model.Outcome) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["withdraw"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, reason: str) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_satisfaction"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, group: model.ParticipantGroup, person: Optional[model.PersonId] = ..., score: int) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_not_tested"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, framework: model.FrameworkId, reason: str, version: int) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_measure"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, measure: model.MeasureUpdateDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_representative"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, representation: model.RepresentationDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_consent"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, given: bool, matter: model.ConsentMatter, person: model.PersonId) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_relation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, relation: model.RelationDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_information"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, information: model.InformationGivenDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_view"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, view: str) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_interpreter"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, interpreter: model.InterpreterDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["choose_chair"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["update_help"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, help: model.HelpId, note: Optional[str] = ..., status: model.HelpStatus) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["end_involvement"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, involvement: model.InvolvementDict, reason: str) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_meeting"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, meeting: model.MeetingDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["update_signal"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, assessment: Optional[str] = ..., resolution: Optional[str] = ..., signal: model.SignalId) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["replace_coordinator"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, coordinator: model.CoordinatorDict, reason: str) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_arrangement"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, arrangement: model.ArrangementDict) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["withhold_details"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, **fields: List[model.PersonId]) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["lift_withholding"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, **fields: List[model.PersonId]) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["erase_person"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, ground: str, person: model.PersonId) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["hand_over"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, reason: str, to: model.StoreId) -> None: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: model.CommandDict, /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None) -> None: ...
    # </generated: Batch.execute overloads>
    def execute(self, case: str, actor: ActorLike, command: Command, /, *, at: Optional[datetime] = None,
                expected_version: Optional[int] = None, **fields: Any) -> None:
        """Adds a command to the batch (checked when the batch commits)."""
        self._items.append((case, _actor(actor), at, _command(command, fields), expected_version))

    def __len__(self) -> int:
        return len(self._items)


class _BatchContext:
    def __init__(self, store: "Store") -> None:
        self._store = store
        self._batch = Batch()

    def __enter__(self) -> Batch:
        return self._batch

    def __exit__(self, kind: Any, value: Any, tb: Any) -> None:
        if kind is None and len(self._batch):
            events = self._store._native.execute_many(self._batch._items)
            self._batch.events = events


class Store:
    """An embedded kring store: one file (or memory), one writer at a time, many readers.

    Use it as a context manager so that it is closed (and its file lock released) at the end.
    Safe to share between threads; storage work runs without the GIL.
    """

    __slots__ = ("_native",)

    def __init__(self, native: _native.Store) -> None:
        self._native = native

    @classmethod
    def create(cls, path: Union[str, "os.PathLike[str]"], *, durability: str = "durable") -> "Store":
        """Creates a new store file; ``durability`` is ``"durable"`` or ``"fast"`` (bulk import)."""
        return cls(_native.Store.create(path, durability))

    @classmethod
    def open(
        cls, path: Union[str, "os.PathLike[str]"], *, durability: str = "durable", trust_clean_close: bool = False
    ) -> "Store":
        """Opens an existing store file.

        By default every page's checksum is checked first, which takes seconds for a large
        store. ``trust_clean_close=True`` opens a file that was closed cleanly in milliseconds,
        checking only the engine's own bookkeeping: for files your own system wrote and keeps.
        Damage elsewhere is then found when it is read (``Corrupted``) or by :meth:`verify`; a
        file that was not closed cleanly is still checked whole.
        """
        return cls(_native.Store.open(path, durability, trust_clean_close))

    @classmethod
    def in_memory(cls) -> "Store":
        """A store in memory."""
        return cls(_native.Store.in_memory())

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        """Closes the store; later calls raise :class:`Closed`."""
        self._native.close()

    @property
    def closed(self) -> bool:
        return self._native.closed

    def new_id(self, kind: str = "case") -> str:
        """A new unique id of ``kind``, one of :data:`ID_KINDS` (``case``, ``person``, ``org``, …);
        an unknown kind raises :class:`InvalidInput` naming them."""
        return self._native.new_id(kind)

    # <generated: Store.execute overloads>
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["request_conference"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, antecedents: List[model.AntecedentDict] = ..., consent_to_pass_contact: bool, description: str, legal_basis: model.LegalBasis, main_persons: List[model.MainPersonDict], organisations: List[model.OrganisationDict] = ..., plan_deadline: Optional[date] = ..., preferences: model.CoordinatorPreferencesDict = ..., questions: List[model.CaseQuestionDict], referral: model.ReferralDict, referral_path: List[model.ReferralStepDict] = ..., subject: Optional[model.CommunitySubjectDict] = ..., variant: model.Variant) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["register_organisation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, organisation: model.OrganisationDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_professional"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, professional: model.ProfessionalDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_contact_details"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, consent: bool, details: model.ContactDetailsDict, person: model.PersonId) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["share_contact_details"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, **fields: model.PersonId) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["withdraw_contact_consent"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["assign_coordinator"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, coordinator: model.CoordinatorDict, reason: Optional[str] = ...) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["respond_to_coordinator"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, accepted: bool) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_network_member"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, member: model.NewNetworkMemberDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["update_invitation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, status: model.InvitationStatus) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["set_participation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, participation: model.ParticipationDict, person: model.PersonId) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["submit_framework"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, framework: model.NewFrameworkDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["schedule_conference"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, conference: model.ConferenceScheduleDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["start_conference"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["begin_part"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, part: model.ConferencePart) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_attendance"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, present: List[model.PersonId]) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["submit_plan"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, content: model.PlanContentDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["assess_plan"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, framework: model.FrameworkId, verdicts: List[Tuple[model.ItemId, model.ConditionVerdictDict]], version: int) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["end_conference"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["distribute_plan"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, frameworks_attached: List[model.FrameworkId], recipients: List[model.PersonId], version: int) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_evaluation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, record: model.EvaluationRecordDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["raise_signal"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, about: str, id: model.SignalId, subject: Optional[model.PersonId] = ...) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["revise_plan"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, content: model.PlanContentDict, evaluation: Optional[model.EvalId] = ..., outside: Optional[model.OutsideDecisionDict] = ...) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["close_case"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, note: Optional[str] = ..., outcome: model.Outcome) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["withdraw"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, reason: str) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_satisfaction"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, group: model.ParticipantGroup, person: Optional[model.PersonId] = ..., score: int) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_not_tested"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, framework: model.FrameworkId, reason: str, version: int) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_measure"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, measure: model.MeasureUpdateDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_representative"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, representation: model.RepresentationDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_consent"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, given: bool, matter: model.ConsentMatter, person: model.PersonId) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_relation"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, relation: model.RelationDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_information"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, information: model.InformationGivenDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_view"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, view: str) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["add_interpreter"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, interpreter: model.InterpreterDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["choose_chair"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["update_help"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, help: model.HelpId, note: Optional[str] = ..., status: model.HelpStatus) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["end_involvement"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, involvement: model.InvolvementDict, reason: str) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_meeting"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, meeting: model.MeetingDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["update_signal"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, assessment: Optional[str] = ..., resolution: Optional[str] = ..., signal: model.SignalId) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["replace_coordinator"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, coordinator: model.CoordinatorDict, reason: str) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["record_arrangement"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, arrangement: model.ArrangementDict) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["withhold_details"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, **fields: List[model.PersonId]) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["lift_withholding"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, person: model.PersonId, **fields: List[model.PersonId]) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["erase_person"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, ground: str, person: model.PersonId) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: Literal["hand_over"], /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None, reason: str, to: model.StoreId) -> model.Event: ...
    @overload
    def execute(self, case: str, actor: ActorLike, command: model.CommandDict, /, *, at: Optional[datetime] = None, expected_version: Optional[int] = None) -> model.Event: ...
    # </generated: Store.execute overloads>
    def execute(self, case: str, actor: ActorLike, command: Command, /, *, at: Optional[datetime] = None,
                expected_version: Optional[int] = None, **fields: Any) -> model.Event:
        """Checks a command against the case and commits it; returns the event.

        ``command`` is the command's name with its fields as keyword arguments
        (``store.execute(case, actor, "begin_part", part="private_time")``) or a dict in the
        core's JSON shape. ``at`` defaults to the moment of the write, taken while it holds
        the store's write lock (so concurrent writers never refuse each other's times); a
        given ``at`` is checked as it is. A refused command raises and changes nothing.
        ``actor`` is an :class:`Actor` (or a tuple or mapping of its fields, see
        :data:`ActorLike`). ``expected_version`` is the version of the case the caller read
        (``case.version``; 0 for a case not requested yet): when the case has moved on since,
        the command raises :class:`Conflict` and nothing is written.
        """
        return cast(model.Event, self._native.execute(case, _actor(actor), at, _command(command, fields), expected_version))

    def execute_many(self, items: Sequence[Mapping[str, Any]]) -> List[model.Event]:
        """Many commands in one transaction, all or none. Each item is a dict with ``case``,
        ``actor``, ``command``, and optionally ``fields`` and ``at``."""
        return cast(List[model.Event], self._native.execute_many(_items(items)))

    def import_commands(self, items: Sequence[Mapping[str, Any]]) -> Record:
        """Imports many commands, all or none, as a migration from another system does:
        faster than :meth:`execute_many` for thousands of commands (they are checked and
        written on two threads, and committed with one sync). Items as for
        :meth:`execute_many`. Returns a report: ``commands``, ``cases``, ``first_seq``,
        ``last_seq``. The store takes no other write until it returns."""
        return self._native.import_commands(_items(items))

    def batch(self) -> _BatchContext:
        """``with store.batch() as b: b.execute(...)``: every command of the block is committed
        together when it ends, or — if one is refused or the block raises — none is."""
        return _BatchContext(self)

    def case(self, case: str) -> model.Case:
        """The current state of a case."""
        return cast(model.Case, self._native.case(case))

    def case_for(self, case: str, reader: ActorLike) -> model.CaseView:
        """The case as ``reader`` may see it, in their role: the read table of the domain
        guide ("Who reads what"). A part the role may not read is absent (not ``None``, not
        empty): the coordinator reads everything, a member of the circle the plan and the
        circle but of others' contact details only what was passed on to them, a professional
        their own framework and the plan. Details withheld from the reader
        (``withhold_details``) are never in it. ``access`` says how much of each part was
        given (``all``, ``own``, ``hidden``). A reader who does not hold the role in the case
        raises :class:`PermissionDenied`."""
        return cast(model.CaseView, self._native.case_for(case, _actor(reader)))

    def access_log(self, *, case: Optional[str] = None, person: Optional[str] = None) -> List[model.AccessEntry]:
        """The access log of one case, or of one person (name exactly one), oldest first:
        every scoped read (``what`` is ``"case_for"``) and every command (``what`` is its
        name, ``seq`` its event in the change feed), each with ``actor`` and ``at``. Ids,
        roles and times only; research tables leave it out."""
        return cast(List[model.AccessEntry], self._native.access_log(case, person))

    def erase_person(self, person: str, by: ActorLike, *, ground: str, case: Optional[str] = None) -> model.ErasureReport:
        """Erases a person (AVG/GDPR article 17) from ``case``, or from every case they appear
        in and from the coordinator pool: their name, birth date, contact details and the
        free text they wrote or that is about them leave the state and every event of the
        history, and each case gets a tombstone event (``erase_person``) made by ``by`` with
        ``ground``. Then the store is compacted, so that the erased bytes leave the file.
        ``by`` is the coordinator, a regional manager or an administrator, checked as for a
        command; a refused erasure raises and changes nothing. Returns a report: ``person``,
        ``cases``, ``events`` (written again), ``pool``, ``compacted``."""
        return cast(model.ErasureReport, self._native.erase_person(person, _actor(by), ground, case))

    def case_at_version(self, case: str, version: int) -> model.Case:
        """The case after its first ``version`` changes (1 is the request)."""
        return cast(model.Case, self._native.case_at_version(case, version))

    def case_at(self, case: str, at: datetime) -> model.Case:
        """The case as it was at moment ``at``."""
        return cast(model.Case, self._native.case_at(case, at))

    def history(self, case: str) -> List[model.HistoryRecord]:
        """Every change to a case: ``seq`` and ``event`` (with ``actor``, ``at``, ``command``)."""
        return cast(List[model.HistoryRecord], self._native.history(case))

    def query(self, **filters: Any) -> List[str]:
        """Ids of the cases matching every filter: ``phase``, ``variant``, ``legal_basis``,
        ``coordinator``, ``organisation``, ``person``, ``requested_from``, ``requested_to``."""
        return self._native.query(filters)

    def cases(self, **filters: Any) -> List[model.Case]:
        """The cases matching every filter (see :meth:`query`)."""
        return cast(List[model.Case], self._native.cases(filters))

    def summary(self, case: str) -> model.CaseSummary:
        """What work lists need of a case, without reading all of it: ``id``, ``version``,
        ``phase``, ``variant``, ``legal_basis``, ``requested_at``, ``updated_at``,
        ``coordinator``, ``plan_in_force`` (the accepted plan's version number),
        ``latest_plan`` (version number and status), ``open_evaluations`` (``id`` and
        ``planned_on`` of each moment still to hold) and ``signals`` (how many were raised)."""
        return cast(model.CaseSummary, self._native.summary(case))

    def summaries(self, **filters: Any) -> List[model.CaseSummary]:
        """The summaries of the cases matching every filter (see :meth:`query`)."""
        return cast(List[model.CaseSummary], self._native.summaries(filters))

    def cases_of_person(self, person: str) -> List[str]:
        """Every case a person appears in, in any role."""
        return self._native.cases_of_person(person)

    def evaluations_due(self, as_of: date) -> List[model.DueEvaluation]:
        """Evaluations planned on or before ``as_of`` and not yet held."""
        return cast(List[model.DueEvaluation], self._native.evaluations_due(as_of))

    def register_coordinator(self, entry: Union[model.PoolEntryDict, Mapping[str, Any]]) -> None:
        """Adds a coordinator to the pool, or replaces their entry: ``{"coordinator": {...},
        "available": bool}``, the coordinator's profile as ``assign_coordinator`` takes it
        (``person``, ``affiliations``, ``languages``, ``gender``, ``region``, ``cultures``,
        ``religion``). The profile is checked as an assignment checks it: a bad one raises
        :class:`InvalidInput`."""
        self._native.register_coordinator(_plain(entry))

    def coordinator_pool(self) -> List[model.PoolEntry]:
        """Every entry of the coordinator pool (``coordinator``, ``available``), by person id."""
        return cast(List[model.PoolEntry], self._native.coordinator_pool())

    def pool_entry(self, person: str) -> model.PoolEntry:
        """One coordinator's entry in the pool; :class:`NotFound` if they are not in it."""
        return cast(model.PoolEntry, self._native.pool_entry(person))

    def match_coordinators(self, case: str) -> List[model.CoordinatorMatch]:
        """The coordinators of the pool who may be assigned to ``case``, best fit first: each
        ``coordinator`` with ``fits``, the family's wishes they meet (``language``, ``gender``,
        ``culture``, ``religion``, ``region``). Who is unavailable, already in the case, or
        affiliated with one of its organisations is left out (rule 3). Nobody is assigned:
        that is still ``assign_coordinator``."""
        return cast(List[model.CoordinatorMatch], self._native.match_coordinators(case))

    def events_since(self, after: int = 0, limit: int = 1000) -> List[model.HistoryRecord]:
        """The change feed: up to ``limit`` events after sequence number ``after``."""
        return cast(List[model.HistoryRecord], self._native.events_since(after, limit))

    @property
    def last_seq(self) -> int:
        """The sequence number of the last event."""
        return self._native.last_seq()

    def count(self) -> int:
        """How many cases the store holds. A store has no ``len()``: it is a handle, always
        true, so that ``store or other`` never swaps an empty store for another."""
        return self._native.count()

    def verify(self) -> model.VerifyReport:
        """Replays every case and checks it against its state and the indexes."""
        return cast(model.VerifyReport, self._native.verify())

    @property
    def id(self) -> str:
        """The store's id (``store_…``): the origin of the events it writes, kept by backups,
        and what ``hand_over`` names to give a case to this store."""
        return self._native.id

    def holder(self, case: str) -> str:
        """The id of the store that writes ``case``: this store's, unless the case is a
        read-only copy here (imported, or followed, or handed over to another store). A
        command on a copy raises :class:`PermissionDenied` with code ``read_only_copy``."""
        return self._native.holder(case)

    def export_case(self, case: str, *, reader: Optional[ActorLike] = None, key: Optional[bytes] = None) -> str:
        """The case file of ``case`` (``docs/interchange.md``), as one line of JSON.

        By default the case with its whole history, each event with the store that wrote it:
        exported, imported elsewhere and exported again, it is the same text. With ``reader``
        (an :class:`Actor` holding their role in the case), only what they may see: the case
        now through :meth:`case_for` (recorded in the access log), without the history. With
        ``key`` (at least 16 random bytes), pseudonymised: the case's research tables, ids as
        keyed hashes that join :meth:`research_tables` made with the same key, no names,
        contact details or free text. Only the full file imports."""
        return self._native.export_case(case, None if reader is None else _actor(reader), key)

    def plan_html(self, case: str, *, lang: Literal["nl", "en"] = "nl", version: Optional[int] = None, reader: Optional[ActorLike] = None) -> str:
        """A plan version of ``case`` (the latest unless ``version`` is given) as one
        self-contained HTML document in Dutch (``nl``) or English (``en``), as the family hands
        it around: the questions, who was at the conference, the agreements per person, the
        help asked of professionals, who watches over the plan, the evaluation dates, the
        verdicts of the acceptance and every safety framework attached; printable on A4.
        Printed for ``reader`` (an :class:`Actor` in the case), it leaves out what they may
        not see, and the read is recorded in the access log."""
        return self._native.plan_html(case, lang, version, None if reader is None else _actor(reader))

    def network_map(self, case: str, *, lang: Literal["nl", "en"] = "nl", reader: Optional[ActorLike] = None) -> str:
        """The network map (ecogram) of ``case``'s circle as one SVG document: the main
        persons at the centre, the members by side with their relations, who watches over the
        plan and who convenes, who was at which part of the conference, how each was found,
        and the professionals outside the circle. Drawn for ``reader``, only what they may
        see, and the read is recorded in the access log."""
        return self._native.network_map(case, lang, None if reader is None else _actor(reader))

    def fhir_bundle(self, case: str) -> Dict[str, Any]:
        """``case`` as an HL7 FHIR R5 ``Bundle`` (``docs/fhir.md``): the main persons as
        Patients, the network as RelatedPersons, professionals and the coordinator as
        Practitioners with their roles and organisations, the circle as a CareTeam, each
        conference as an Encounter with its parts, each plan version as a CarePlan (chained
        with ``replaces``) with its agreements as Tasks and its requested help as
        ServiceRequests, the frameworks' conditions as Goals, Provenance per version and
        Consent for contact details. No contact details leave the store."""
        bundle: Dict[str, Any] = json.loads(self._native.fhir_bundle(case))
        return bundle

    def import_case(self, file: Union[str, bytes]) -> model.CaseImport:
        """Imports a case file (its JSON text), all of it or nothing: every new event is
        checked again by the core and must be written by the store that held the case. The
        same file twice changes nothing; a history that forked from this store's raises
        :class:`Conflict` (code ``diverged``) naming both events. Returns ``case``,
        ``added``, ``version`` and ``holder``."""
        text = file.decode("utf-8") if isinstance(file, (bytes, bytearray)) else file
        return cast(model.CaseImport, self._native.import_case(text))

    def feed(self, after: int = 0, limit: int = 1000) -> List[str]:
        """The change feed after sequence number ``after``, at most ``limit`` entries, each
        one line of JSON (``kring feed``; ``docs/schema/feed-entry-v1.json``): what another
        store takes with :meth:`follow`."""
        return self._native.feed(after, limit)

    def follow(self, entries: Sequence[str], *, cases: Optional[Sequence[str]] = None) -> model.FollowReport:
        """Takes a batch of another store's feed (lines from its :meth:`feed`), all of it or
        nothing, with the cursor of that store in the same transaction: a batch taken twice
        changes nothing twice. ``cases`` limits it to those cases. Returns ``store``,
        ``added``, ``skipped`` and ``cursor``."""
        return cast(model.FollowReport, self._native.follow(entries, cases))

    def cursor(self, store: str) -> int:
        """How far this store has followed ``store``: the last sequence number taken."""
        return self._native.cursor(store)

    def backup(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes a consistent copy to a new file while the store stays in use."""
        self._native.backup(path)

    @property
    def format_version(self) -> int:
        """The format version recorded in the store file. A store of an older format than
        :data:`FORMAT_VERSION` reads as it is but refuses writes with :class:`UpgradeRequired`
        until :meth:`upgrade` converts it."""
        return self._native.format_version()

    def upgrade(self, progress: Optional[Callable[[int, int], object]] = None) -> UpgradeReport:
        """Converts a store of an older format to the current one (:data:`FORMAT_VERSION`), in
        one transaction: all of it is committed or nothing is. Then it compacts the file (every
        value was written again, copy on write, and the old ones' pages are given back), with
        the store to itself: other threads' calls wait. Returns the report; a store of the
        current format is left as it is (``from == to``, nothing written). An older kring
        cannot open the store afterwards: :meth:`backup` it first.

        ``progress(done, total)`` is called every thousand values and once all are converted,
        before the commit. An exception it raises aborts the upgrade, with nothing committed,
        and propagates as it is (as an exception in a :meth:`batch` block does); so does a
        ``KeyboardInterrupt``, which is checked at the same moments. The callback must not use
        the store: a call on it from there raises ``RuntimeError``.
        """
        return cast(UpgradeReport, self._native.upgrade(progress))

    def generate(self, *, seed: int, count: int) -> List[str]:
        """Adds ``count`` realistic generated cases (invented people); returns their ids."""
        return self._native.generate(seed, count)

    def research_tables(
        self,
        *,
        key: Optional[bytes] = None,
        identifying: bool = False,
        output: str = "auto",
        tables: Optional[Sequence[ResearchTableName]] = None,
    ) -> Dict[str, Any]:
        """Tidy research tables over every case, by name (in the order of the tables).

        Pseudonymised by default: pass a ``key`` (at least 16 bytes; exports with the same key
        join). ``identifying=True`` keeps real ids, names and free text — only for use inside
        the organisation holding the records.

        ``tables`` chooses the tables (a list of names of :data:`RESEARCH_TABLES`, in any
        order): only those are built, and the result holds only those, in the order of the
        tables, each the same as in the whole set. ``None`` (the default) is every table. An
        unknown name, an empty list, or one string rather than a list raises
        :class:`InvalidInput`.

        ``output``:

        - ``"arrow"``: a ``pyarrow.Table`` per table, imported through the Arrow C stream
          interface without converting a value in Python. Typed: ``bool``, ``int64``,
          ``string``, ``date32`` and ``timestamp[us, tz=UTC]``; nullable where a cell can be
          absent.
        - ``"polars"``: a ``polars.DataFrame`` per table, the same way (pyarrow not needed).
        - ``"pandas"``: a ``pandas.DataFrame`` per table, through Arrow when pyarrow is
          installed (ints as nullable ``Int64``, bools as nullable ``boolean``, times as
          ``datetime64[us, UTC]``, dates as ``date`` objects), else from the records.
        - ``"stream"``: the native Arrow tables (``kring._native.ArrowTable``), for any
          consumer of the Arrow PyCapsule interface (``__arrow_c_stream__``), read any number
          of times: ``duckdb.sql("select … from cases")`` with ``cases = tables["cases"]``,
          ``duckdb.from_arrow(t)``, ``pyarrow.table(t)``, ``polars.DataFrame(t)``.
        - ``"records"``: lists of dicts, with ``date`` and ``datetime`` (UTC) values.
        - ``"auto"``: pandas if it is installed, else arrow if pyarrow is, else records.
        """
        if output == "records":
            return {t["name"]: _records(t) for t in self._native.research_tables(key, identifying, tables)}
        if output not in ("auto", "pandas", "arrow", "polars", "stream"):
            raise _invalid(f"unknown output `{output}`; expected arrow, polars, pandas, stream, records or auto")
        if output == "auto":
            output = "pandas" if _installed("pandas") else "arrow" if _installed("pyarrow") else "records"
            if output == "records":
                return self.research_tables(key=key, identifying=identifying, output="records", tables=tables)
        if output == "pandas" and not _installed("pyarrow"):
            import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]

            return {
                t["name"]: pandas.DataFrame.from_records(t["rows"], columns=[c[0] for c in t["columns"]])
                for t in self._native.research_tables(key, identifying, tables)
            }
        convert = _ARROW_OUTPUTS[output]()
        return {t.name: convert(t) for t in self._native.research_arrow(key, identifying, tables)}

    def export_parquet(self, dir: Union[str, "os.PathLike[str]"], *, key: Optional[bytes] = None, organisation: Optional[str] = None) -> Dict[str, Any]:
        """Writes the research tables of every case, pseudonymised with ``key`` (required: at
        least 16 random bytes, the project's), into the Parquet dataset at ``dir``,
        hive-partitioned as ``<table>/organisation=<code>/year=<yyyy>/part-00000.parquet``.
        ``organisation`` (a lowercase letter, then lowercase letters, digits, ``_`` or ``-``)
        names this store's partitions, by default its pseudonym under the key; exporting it
        again replaces them, and other organisations' partitions stay. Returns
        ``{"organisation", "cases", "files", "rows"}`` (files relative to ``dir``, rows by
        table). DuckDB reads the whole dataset with
        ``read_parquet('DIR/cases/*/*/*.parquet', hive_partitioning = true)``."""
        return self._native.export_parquet(dir, key, organisation)


    def measures(
        self,
        *,
        key: Optional[bytes] = None,
        identifying: bool = False,
        from_: Union[date, str, None] = None,
        to: Union[date, str, None] = None,
        group_by: GroupBy = "none",
    ) -> Measures:
        """The standard measures (``docs/research.md``) of the cases requested in
        ``[from_, to)``, one entry per group of ``group_by`` (``none``, ``variant``,
        ``legal_basis`` or ``organisation``): uptake, timing, the circle and its widening,
        attendance, plan items, acceptance, agreements kept, follow-up and satisfaction.

        Pseudonymised by default, with ``key`` (at least 16 random bytes): every value
        resting on fewer than five cases is ``None``, a group of fewer than five cases is
        ``suppressed``, organisations are named by pseudonym. ``identifying=True`` shows every
        value and the organisations' ids and names. Days are ``date`` values or
        ``YYYY-MM-DD`` text, and come back as ``date`` values in ``query``; ``to`` must come
        after ``from_``. Plain dicts and lists, the same numbers as Node's ``measures`` and
        ``kring measures``.
        """
        return cast(Measures, self._native.measures(key, identifying, from_, to, group_by))

    def report_html(
        self,
        *,
        key: Optional[bytes] = None,
        identifying: bool = False,
        from_: Union[date, str, None] = None,
        to: Union[date, str, None] = None,
        group_by: GroupBy = "none",
        lang: Literal["nl", "en"] = "nl",
        made_on: Union[date, str, None] = None,
    ) -> str:
        """The standard measures of :meth:`measures` (the same options, checked the same way)
        as one self-contained HTML report with charts (``docs/documents.md``, "The report"),
        in Dutch (``nl``) or English (``en``): what ``kring report`` writes, for a regional
        manager to open in a browser or print on A4. It loads nothing: its charts are inline
        SVG, and each reads without the picture. Pseudonymised with ``key`` (withheld values
        show as ``—``, organisations by pseudonym, no names) unless ``identifying=True``.
        ``made_on`` (a ``date`` or ``YYYY-MM-DD``) is printed under the title as the day the
        report was made; absent, no day is printed, so the same store gives the same bytes.
        ``kring report`` prints today's date (UTC): pass it to get the same file."""
        return self._native.report_html(key, identifying, from_, to, group_by, lang, made_on)


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def _records(t: Mapping[str, Any]) -> List[Dict[str, Any]]:
    names = [c[0] for c in t["columns"]]
    return [dict(zip(names, r)) for r in t["rows"]]


def _to_arrow() -> Callable[[Any], Any]:
    import pyarrow  # type: ignore[import-untyped,import-not-found,unused-ignore]

    # Read through `RecordBatchReader.from_stream`, not `pyarrow.table`: that first asks
    # whether its argument is a pandas DataFrame, which imports pandas where it is installed
    # (about a quarter of a second, in the first call of a process).
    return lambda t: pyarrow.RecordBatchReader.from_stream(t).read_all()


def _to_polars() -> Callable[[Any], Any]:
    import polars  # type: ignore[import-untyped,import-not-found,unused-ignore]

    return cast(Callable[[Any], Any], polars.DataFrame)


def _to_pandas() -> Callable[[Any], Any]:
    import pandas  # type: ignore[import-untyped,import-not-found,unused-ignore]
    import pyarrow  # type: ignore[import-untyped,import-not-found,unused-ignore]

    # Nullable integer and boolean columns stay integers and booleans (not floats and
    # objects); the other types map as pyarrow maps them.
    types = {pyarrow.int64(): pandas.Int64Dtype(), pyarrow.bool_(): pandas.BooleanDtype()}
    arrow = _to_arrow()
    return lambda t: arrow(t).to_pandas(types_mapper=types.get)


def _to_stream() -> Callable[[Any], Any]:
    return lambda t: t


_ARROW_OUTPUTS: Dict[str, Callable[[], Callable[[Any], Any]]] = {
    "arrow": _to_arrow,
    "polars": _to_polars,
    "pandas": _to_pandas,
    "stream": _to_stream,
}


import os  # noqa: E402  (for the PathLike annotations above)
