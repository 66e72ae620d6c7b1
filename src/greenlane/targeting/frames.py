"""From stored filings to the risk engine's shipment frame (greenlane.risk.features documents the columns).
A bill becomes one row: its goods are summarised by the line of highest value (HS code and origin), its
totals give value and mass, its route gives the office (port of discharge) and the country of lading, its
parties give importer, seller and filer, and the program gives the importer's tier and the weak links in
its supply chain. The filing flags found at ingest travel as columns the selectivity rules can test."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

FLAG_COLUMNS = {"late_filing": "late_filing", "vague_description": "vague_description",
                "container_check_digit": "bad_container"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ProgramFacts:
    """What the program knows about a filing's consignee: its tier and its supply chain's weak links."""

    tier: str = "none"
    suspended_links: int = 0
    unknown_links: int = 0


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return None


def _main_line(goods: list[Mapping[str, Any]]) -> Mapping[str, Any]:
    return max(goods, key=lambda g: _number(g.get("value")) or 0.0) if goods else {}


def _party(body: Mapping[str, Any], role: str) -> Mapping[str, Any]:
    return next((p for p in body.get("parties", []) if p.get("role") == role), {})


def shipment_row(
    *,
    bill_id: int,
    day: date | None,
    body: Mapping[str, Any],
    flag_codes: str,
    total_value: float | None,
    total_weight_kg: float | None,
    facts: ProgramFacts,
) -> dict[str, Any]:
    """One row of the shipment frame for one bill."""
    voyage = body.get("voyage", {})
    main = _main_line(body.get("goods", []))
    hs = "".join(ch for ch in str(main.get("hs_code", "")) if ch.isdigit())[:6]
    loading = str(voyage.get("port_of_loading", ""))
    importer = _party(body, "importer_of_record") or _party(body, "consignee")
    seller = _party(body, "seller") or _party(body, "shipper")
    codes = set(flag_codes.split())
    row: dict[str, Any] = {
        "declaration_id": str(bill_id),
        "date": day,
        "hs6": hs.ljust(6, "0") if hs else "000000",
        "origin_country": str(main.get("country_of_origin") or loading[:2] or "ZZ"),
        # Ingest accepts goods without value or weight, but the engine needs both: an undeclared amount is
        # scored as zero, which never passes for an ordinary declaration (the unit-value rules see a price
        # below any norm), instead of failing the whole day's targeting.
        "net_mass_kg": total_weight_kg if total_weight_kg is not None else 0.0,
        "value": total_value if total_value is not None else 0.0,
        "office_id": str(voyage.get("port_of_discharge", "")),
        "departure_country": loading[:2] or None,
        "declarant_id": str(voyage.get("carrier", "")) or None,
        "importer_id": str(importer.get("identifier") or importer.get("name") or "") or None,
        "seller_id": str(seller.get("identifier") or seller.get("name") or "") or None,
        "transport_mode": "sea",
        "process_type": str(body.get("bill_type", "master")),
        "tier": facts.tier,
        "suspended_links": facts.suspended_links,
        "unknown_links": facts.unknown_links,
    }
    for code, column in FLAG_COLUMNS.items():
        row[column] = 1 if code in codes else 0
    return row
