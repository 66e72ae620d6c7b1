"""A partner company and its lifecycle. The status machine lives here, on the partner, so every entry point
(API, web, CLI, demo) obeys the same rules: which moves are allowed from which status, what each move needs,
and the append-only history that records who moved it, when and why."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum

from greenlane.core.clock import add_years
from greenlane.core.errors import InvalidTransition, ValidationFailed
from greenlane.core.types import EntityType, Tier


class PartnerStatus(StrEnum):
    APPLICANT = "applicant"
    UNDER_REVIEW = "under_review"
    CERTIFIED = "certified"  # Tier I
    VALIDATED = "validated"  # Tier II
    TIER_3 = "tier_3"
    SUSPENDED = "suspended"
    REJECTED = "rejected"
    REMOVED = "removed"
    WITHDRAWN = "withdrawn"

    @classmethod
    def parse(cls, text: str) -> PartnerStatus:
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        aliases = {
            "tier_1": "certified",
            "tier_i": "certified",
            "tier_2": "validated",
            "tier_ii": "validated",
            "tier_iii": "tier_3",
            "tier3": "tier_3",
            "review": "under_review",
        }
        key = aliases.get(key, key)
        try:
            return cls(key)
        except ValueError:
            valid = ", ".join(s.value for s in cls)
            raise ValidationFailed(
                f"unknown status {text!r}; expected one of: {valid} (or reinstated)", field="status"
            ) from None


MEMBER_STATUSES = frozenset({PartnerStatus.CERTIFIED, PartnerStatus.VALIDATED, PartnerStatus.TIER_3})
ENDED_STATUSES = frozenset({PartnerStatus.REJECTED, PartnerStatus.REMOVED, PartnerStatus.WITHDRAWN})
TIER_OF_STATUS = {
    PartnerStatus.CERTIFIED: Tier.TIER_1,
    PartnerStatus.VALIDATED: Tier.TIER_2,
    PartnerStatus.TIER_3: Tier.TIER_3,
}

REINSTATE = "reinstated"
"""Not a status: the move from suspended back to the status held before the suspension."""

DECISION_WINDOW = timedelta(days=90)
SUSPENSION_RESPONSE_WINDOW = timedelta(days=90)
# Year-based deadlines fall on calendar anniversaries (core.clock.add_years), not on multiples of 365 days.
FIRST_VALIDATION_YEARS = 1
REVALIDATION_YEARS = 4
PROFILE_RENEWAL_YEARS = 1
REAPPLY_WAIT_YEARS = 1

_S = PartnerStatus
ALLOWED: dict[PartnerStatus, frozenset[PartnerStatus]] = {
    _S.APPLICANT: frozenset({_S.UNDER_REVIEW, _S.WITHDRAWN}),
    _S.UNDER_REVIEW: frozenset({_S.CERTIFIED, _S.REJECTED, _S.WITHDRAWN}),
    _S.CERTIFIED: frozenset({_S.VALIDATED, _S.SUSPENDED, _S.REMOVED, _S.WITHDRAWN}),
    _S.VALIDATED: frozenset({_S.TIER_3, _S.CERTIFIED, _S.SUSPENDED, _S.REMOVED, _S.WITHDRAWN}),
    _S.TIER_3: frozenset({_S.VALIDATED, _S.SUSPENDED, _S.REMOVED, _S.WITHDRAWN}),
    _S.SUSPENDED: frozenset({_S.REMOVED, _S.WITHDRAWN}),  # plus REINSTATE, handled apart
    _S.REJECTED: frozenset({_S.APPLICANT}),
    _S.REMOVED: frozenset({_S.APPLICANT}),
    _S.WITHDRAWN: frozenset({_S.APPLICANT}),
}


class IdentifierKind(StrEnum):
    IMPORTER_OF_RECORD = "importer_of_record"
    EMPLOYER_ID = "employer_id"
    SCAC = "scac"
    IATA = "iata"
    BROKER_LICENSE = "broker_license"
    FMC_LICENSE = "fmc_license"
    MANUFACTURER_ID = "manufacturer_id"
    FIRMS_CODE = "firms_code"
    PORT_CODE = "port_code"
    DUNS = "duns"


@dataclass(frozen=True, slots=True)
class Site:
    name: str
    country: str
    kind: str = "office"
    address: str = ""


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    email: str
    title: str = ""
    is_officer: bool = False
    is_primary: bool = False
    phone: str = ""


@dataclass(frozen=True, slots=True)
class StatusEvent:
    """One line of the append-only history."""

    at: datetime
    actor: str
    from_status: PartnerStatus | None
    to_status: PartnerStatus
    reason: str
    kind: str = "transition"


@dataclass(slots=True)
class Partner:
    id: int | None
    legal_name: str
    entity_types: tuple[EntityType, ...]
    status: PartnerStatus
    applied_at: datetime
    identifiers: dict[str, str] = field(default_factory=dict)
    sites: tuple[Site, ...] = ()
    contacts: tuple[Contact, ...] = ()
    verification_id: str | None = None
    certified_at: datetime | None = None
    last_validated_at: datetime | None = None
    suspended_at: datetime | None = None
    status_before_suspension: PartnerStatus | None = None
    ended_at: datetime | None = None
    history: list[StatusEvent] = field(default_factory=list)

    @property
    def tier(self) -> Tier:
        return TIER_OF_STATUS.get(self.status, Tier.NONE)

    @property
    def is_member(self) -> bool:
        return self.status in MEMBER_STATUSES

    @property
    def primary_contact(self) -> Contact | None:
        return next((c for c in self.contacts if c.is_primary), None)

    @property
    def suspension_response_due(self) -> datetime | None:
        if self.status is not PartnerStatus.SUSPENDED or self.suspended_at is None:
            return None
        return self.suspended_at + SUSPENSION_RESPONSE_WINDOW

    @property
    def may_reapply_from(self) -> datetime | None:
        """Withdrawn or removed companies wait a year; a rejected applicant may reapply once it has fixed
        what was missing."""
        if self.status in (PartnerStatus.WITHDRAWN, PartnerStatus.REMOVED) and self.ended_at is not None:
            return add_years(self.ended_at, REAPPLY_WAIT_YEARS)
        if self.status is PartnerStatus.REJECTED and self.ended_at is not None:
            return self.ended_at
        return None

    def allowed_moves(self) -> list[str]:
        moves = sorted(s.value for s in ALLOWED[self.status])
        return [*moves, REINSTATE] if self.status is PartnerStatus.SUSPENDED else moves

    def transition(
        self,
        target: PartnerStatus | str,
        *,
        actor: str,
        reason: str,
        at: datetime,
        certification_blockers: list[str] | None = None,
        home_country: str = "US",
    ) -> StatusEvent:
        """Moves the partner and appends the event, or refuses with the reason and changes nothing."""
        if not reason.strip():
            raise ValidationFailed("a reason is required for every status change", field="reason")
        destination = self._destination(target)
        self._check_preconditions(
            destination, at=at, blockers=certification_blockers, home_country=home_country
        )
        event = StatusEvent(
            at=at,
            actor=actor,
            from_status=self.status,
            to_status=destination,
            reason=reason.strip(),
            kind=REINSTATE if target == REINSTATE else "transition",
        )
        self._apply(destination, at)
        self.history.append(event)
        return event

    def _destination(self, target: PartnerStatus | str) -> PartnerStatus:
        if target == REINSTATE:
            if self.status is not PartnerStatus.SUSPENDED or self.status_before_suspension is None:
                raise InvalidTransition(
                    f"only a suspended partner can be reinstated; it is {self.status.value}"
                )
            return self.status_before_suspension
        destination = target if isinstance(target, PartnerStatus) else PartnerStatus.parse(target)
        if destination not in ALLOWED[self.status]:
            allowed = ", ".join(self.allowed_moves()) or "none"
            raise InvalidTransition(
                f"cannot move from {self.status.value} to {destination.value}; allowed from here: {allowed}"
            )
        return destination

    def _check_preconditions(
        self, destination: PartnerStatus, *, at: datetime, blockers: list[str] | None, home_country: str
    ) -> None:
        if destination is PartnerStatus.UNDER_REVIEW:
            problems = eligibility_problems(self, home_country=home_country)
            if problems:
                raise InvalidTransition("the application is not complete: " + "; ".join(problems))
        if destination is PartnerStatus.CERTIFIED and self.status is PartnerStatus.UNDER_REVIEW and blockers:
            shown = ", ".join(blockers[:10]) + (
                f" and {len(blockers) - 10} more" if len(blockers) > 10 else ""
            )
            raise InvalidTransition(f"certification refused: unmet 'must' criteria {shown}")
        if (
            destination is PartnerStatus.CERTIFIED
            and blockers is None
            and self.status is PartnerStatus.UNDER_REVIEW
        ):
            raise InvalidTransition("certification needs the security profile checked; none was given")
        if destination is PartnerStatus.APPLICANT:
            start = self.may_reapply_from
            if start is not None and at < start:
                raise InvalidTransition(
                    f"a {self.status.value} company may reapply from {start.date().isoformat()}"
                )

    def _apply(self, destination: PartnerStatus, at: datetime) -> None:
        previous = self.status
        if destination is PartnerStatus.SUSPENDED:
            self.suspended_at, self.status_before_suspension = at, previous
        elif previous is PartnerStatus.SUSPENDED:
            self.suspended_at, self.status_before_suspension = None, None
        if destination is PartnerStatus.CERTIFIED and previous is PartnerStatus.UNDER_REVIEW:
            self.certified_at = at
        if destination is PartnerStatus.VALIDATED and previous is PartnerStatus.CERTIFIED:
            self.last_validated_at = at
        if destination in ENDED_STATUSES:
            self.ended_at = at
        if destination is PartnerStatus.APPLICANT:
            self.applied_at, self.ended_at, self.certified_at, self.last_validated_at = at, None, None, None
        self.status = destination

    def record_validation(self, *, at: datetime) -> None:
        """A completed validation restarts the four-year revalidation clock, whatever tier it leads to."""
        if not self.is_member:
            raise InvalidTransition(f"only members are validated; this partner is {self.status.value}")
        self.last_validated_at = at


def eligibility_problems(partner: Partner, *, home_country: str = "US") -> list[str]:
    """What keeps an application from review: each entity type brings its own requirements, and every
    company needs a site and a company officer as primary contact."""
    problems: list[str] = []
    if not partner.entity_types:
        problems.append("enrol as at least one entity type")
    if not partner.sites:
        problems.append("add at least one site")
    primary = partner.primary_contact
    if primary is None:
        problems.append("name a primary contact")
    elif not primary.is_officer:
        problems.append("the primary contact must be a company officer")
    for entity_type in partner.entity_types:
        problems.extend(
            f"{entity_type.label}: {p}" for p in _type_problems(partner, entity_type, home_country)
        )
    return problems


def _countries(partner: Partner) -> set[str]:
    return {s.country.upper() for s in partner.sites}


def _needs_id(partner: Partner, *kinds: IdentifierKind) -> list[str]:
    if any(partner.identifiers.get(k.value) for k in kinds):
        return []
    return [" or ".join(k.value.replace("_", " ") for k in kinds) + " number required"]


def _needs_site(partner: Partner, countries: set[str], words: str) -> list[str]:
    return [] if _countries(partner) & countries else [f"needs {words}"]


def _type_problems(partner: Partner, entity_type: EntityType, home: str) -> list[str]:
    home = home.upper()
    e, i = EntityType, IdentifierKind
    rules: dict[EntityType, list[str]] = {
        e.IMPORTER: _needs_id(partner, i.IMPORTER_OF_RECORD)
        + _needs_site(partner, {home}, f"an office in {home}"),
        e.EXPORTER: _needs_id(partner, i.EMPLOYER_ID) + _needs_site(partner, {home}, f"an office in {home}"),
        e.US_MEXICO_HIGHWAY_CARRIER: _needs_id(partner, i.SCAC)
        + _needs_site(partner, {"US", "MX"}, "a site in the US or Mexico"),
        e.RAIL_CARRIER: _needs_id(partner, i.SCAC)
        + _needs_site(partner, {home, "CA", "MX"}, "a site in North America"),
        e.SEA_CARRIER: _needs_id(partner, i.SCAC),
        e.AIR_CARRIER: _needs_id(partner, i.IATA),
        e.CUSTOMS_BROKER: _needs_id(partner, i.BROKER_LICENSE)
        + _needs_site(partner, {home}, f"an office in {home}"),
        e.CONSOLIDATOR: _needs_id(partner, i.FMC_LICENSE, i.IATA)
        + _needs_site(partner, {home}, f"an office in {home}"),
        e.THIRD_PARTY_LOGISTICS: _needs_id(partner, i.EMPLOYER_ID)
        + _needs_site(partner, {home}, f"an office in {home}"),
        e.PORT_AUTHORITY: _needs_id(partner, i.PORT_CODE) + _needs_site(partner, {home}, f"a port in {home}"),
        e.MARINE_TERMINAL_OPERATOR: _needs_id(partner, i.FIRMS_CODE)
        + _needs_site(partner, {home}, f"a terminal in {home}"),
        e.FOREIGN_MANUFACTURER: _needs_id(partner, i.MANUFACTURER_ID)
        + ([] if _countries(partner) - {home} else [f"needs a manufacturing site outside {home}"]),
    }
    return rules[entity_type]


def new_application(
    *,
    legal_name: str,
    entity_types: list[EntityType],
    at: datetime,
    actor: str,
    identifiers: dict[str, str] | None = None,
    sites: list[Site] | None = None,
    contacts: list[Contact] | None = None,
) -> Partner:
    name = legal_name.strip()
    if not name or len(name) > 200:
        raise ValidationFailed("1-200 characters required", field="legal_name")
    if not entity_types:
        raise ValidationFailed("enrol as at least one entity type", field="entity_types")
    for kind in identifiers or {}:
        if kind not in {k.value for k in IdentifierKind}:
            valid = ", ".join(k.value for k in IdentifierKind)
            raise ValidationFailed(
                f"unknown identifier {kind!r}; expected one of: {valid}", field="identifiers"
            )
    check_contacts(contacts or [])
    partner = Partner(
        id=None,
        legal_name=name,
        entity_types=tuple(dict.fromkeys(entity_types)),
        status=PartnerStatus.APPLICANT,
        applied_at=at,
        identifiers=dict(identifiers or {}),
        sites=tuple(sites or ()),
        contacts=tuple(contacts or ()),
    )
    partner.history.append(
        StatusEvent(
            at=at,
            actor=actor,
            from_status=None,
            to_status=PartnerStatus.APPLICANT,
            reason="application received",
            kind="applied",
        )
    )
    return partner


def check_contacts(contacts: list[Contact]) -> None:
    if sum(1 for c in contacts if c.is_primary) > 1:
        raise ValidationFailed("only one primary contact", field="contacts")
    for index, contact in enumerate(contacts):
        if "@" not in contact.email or not contact.name.strip():
            raise ValidationFailed(
                "name and a valid email required", field="email", record=f"contact {index + 1}"
            )


def with_site(partner: Partner, site: Site) -> Partner:
    if len(site.country) != 2 or not site.country.isalpha():
        raise ValidationFailed("ISO 3166 two-letter code required", field="country", record=site.name)
    return replace(partner, sites=(*partner.sites, replace(site, country=site.country.upper())))
