"""Request and response shapes of the partners API; they convert to and from the domain and nothing more."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from greenlane.core.types import EntityType, Tier
from greenlane.partners.clocks import CLOCK_LABELS, ClockItem, ClockKind
from greenlane.partners.domain import Contact, Partner, PartnerStatus, Site, StatusEvent


class SiteIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    country: str = Field(min_length=2, max_length=2, pattern="^[A-Za-z]{2}$", description="ISO 3166 alpha-2")
    kind: str = Field(default="office", max_length=32)
    address: str = Field(default="", max_length=500)

    def to_domain(self) -> Site:
        return Site(name=self.name, country=self.country.upper(), kind=self.kind, address=self.address)


class ContactIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    title: str = Field(default="", max_length=200)
    phone: str = Field(default="", max_length=64)
    is_officer: bool = False
    is_primary: bool = False

    def to_domain(self) -> Contact:
        return Contact(
            name=self.name,
            email=str(self.email),
            title=self.title,
            phone=self.phone,
            is_officer=self.is_officer,
            is_primary=self.is_primary,
        )


class PartnerApply(BaseModel):
    legal_name: str = Field(min_length=1, max_length=200)
    entity_types: list[EntityType] = Field(min_length=1)
    identifiers: dict[str, str] = Field(default_factory=dict)
    sites: list[SiteIn] = Field(default_factory=list)
    contacts: list[ContactIn] = Field(default_factory=list)


class SelfApplication(PartnerApply):
    """A company signs up: the application and the account its staff will log in with."""

    username: str = Field(min_length=3, max_length=64)
    password: str = Field(min_length=8, max_length=256)


class PartnerUpdate(BaseModel):
    legal_name: str | None = Field(default=None, min_length=1, max_length=200)
    entity_types: list[EntityType] | None = Field(default=None, min_length=1)
    identifiers: dict[str, str] | None = None
    sites: list[SiteIn] | None = None
    contacts: list[ContactIn] | None = None


class TransitionIn(BaseModel):
    to: str = Field(min_length=1, max_length=32, description="Target status, or 'reinstated'.")
    reason: str = Field(min_length=1, max_length=2000)


class SiteOut(BaseModel):
    name: str
    country: str
    kind: str
    address: str


class ContactOut(BaseModel):
    name: str
    email: str
    title: str
    phone: str
    is_officer: bool
    is_primary: bool


class EventOut(BaseModel):
    at: datetime
    actor: str
    from_status: PartnerStatus | None
    to_status: PartnerStatus
    kind: str
    reason: str

    @classmethod
    def of(cls, e: StatusEvent) -> EventOut:
        return cls(
            at=e.at,
            actor=e.actor,
            from_status=e.from_status,
            to_status=e.to_status,
            kind=e.kind,
            reason=e.reason,
        )


class PartnerOut(BaseModel):
    id: int
    legal_name: str
    entity_types: list[EntityType]
    status: PartnerStatus
    tier: Tier
    verification_id: str | None
    identifiers: dict[str, str]
    sites: list[SiteOut]
    contacts: list[ContactOut]
    applied_at: datetime
    certified_at: datetime | None
    last_validated_at: datetime | None
    suspended_at: datetime | None
    suspension_response_due: datetime | None
    may_reapply_from: datetime | None
    allowed_moves: list[str]
    application_problems: list[str]
    history: list[EventOut]

    @classmethod
    def of(cls, p: Partner, *, problems: list[str]) -> PartnerOut:
        assert p.id is not None
        return cls(
            id=p.id,
            legal_name=p.legal_name,
            entity_types=list(p.entity_types),
            status=p.status,
            tier=p.tier,
            verification_id=p.verification_id,
            identifiers=p.identifiers,
            sites=[SiteOut(name=s.name, country=s.country, kind=s.kind, address=s.address) for s in p.sites],
            contacts=[
                ContactOut(
                    name=c.name,
                    email=c.email,
                    title=c.title,
                    phone=c.phone,
                    is_officer=c.is_officer,
                    is_primary=c.is_primary,
                )
                for c in p.contacts
            ],
            applied_at=p.applied_at,
            certified_at=p.certified_at,
            last_validated_at=p.last_validated_at,
            suspended_at=p.suspended_at,
            suspension_response_due=p.suspension_response_due,
            may_reapply_from=p.may_reapply_from,
            allowed_moves=p.allowed_moves(),
            application_problems=problems,
            history=[EventOut.of(e) for e in p.history],
        )


class PartnerSummary(BaseModel):
    id: int
    legal_name: str
    entity_types: list[EntityType]
    status: PartnerStatus
    tier: Tier
    verification_id: str | None


class PartnerPage(BaseModel):
    items: list[PartnerSummary]
    total: int


class ClockOut(BaseModel):
    partner_id: int
    legal_name: str
    clock: ClockKind
    label: str
    started: datetime
    due: datetime
    days_left: int
    state: str
    overdue: bool

    @classmethod
    def of(cls, c: ClockItem) -> ClockOut:
        return cls(
            partner_id=c.partner_id,
            legal_name=c.legal_name,
            clock=c.kind,
            label=CLOCK_LABELS[c.kind],
            started=c.started,
            due=c.due,
            days_left=c.days_left,
            state=c.state,
            overdue=c.overdue,
        )


def summary_of(p: Partner) -> PartnerSummary:
    assert p.id is not None
    return PartnerSummary(
        id=p.id,
        legal_name=p.legal_name,
        entity_types=list(p.entity_types),
        status=p.status,
        tier=p.tier,
        verification_id=p.verification_id,
    )
