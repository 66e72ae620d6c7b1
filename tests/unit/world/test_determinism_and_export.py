from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from greenlane.world import FILES, WorldParams, build_world, write_world

PARAMS = WorldParams(seed=21, days=3)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    write_world(build_world(PARAMS), out)
    return out


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_same_seed_and_parameters_give_byte_identical_files(written: Path, tmp_path: Path) -> None:
    write_world(build_world(PARAMS), tmp_path)
    assert file_bytes(tmp_path) == file_bytes(written)


def test_another_seed_gives_another_world(written: Path, tmp_path: Path) -> None:
    write_world(build_world(WorldParams(seed=22, days=3)), tmp_path)
    assert file_bytes(tmp_path)["manifests.csv"] != file_bytes(written)["manifests.csv"]


def test_a_day_generated_alone_equals_the_same_day_in_sequence() -> None:
    world = build_world(PARAMS)
    in_sequence = list(world.days())
    assert world.day(2) == in_sequence[2]
    assert build_world(PARAMS).day(1) == in_sequence[1]


def test_every_documented_file_is_written_and_the_truth_sits_in_its_own_folder(written: Path) -> None:
    assert {str(p.relative_to(written)) for p in written.rglob("*") if p.is_file()} == set(FILES.values())
    assert all(name.startswith("truth/") for key, name in FILES.items() if key in ("ground_truth", "drift"))


def test_manifests_and_filings_carry_no_ground_truth(written: Path) -> None:
    for name in ("manifests.csv", "manifests.ndjson", "manifests.edi", "security_filings.ndjson"):
        text = (written / name).read_text(encoding="latin-1").lower()
        assert "undervaluation" not in text and "mechanism" not in text and "contraband" not in text


def test_one_truth_row_per_bill_in_the_same_order_as_the_ndjson_manifest(written: Path) -> None:
    with (written / "truth/ground_truth.csv").open(encoding="utf-8") as stream:
        truth = [row["transport_document"] for row in csv.DictReader(stream)]
    with (written / "manifests.ndjson").open(encoding="utf-8") as stream:
        bills = [json.loads(line)["bill_number"] for line in stream]
    lines = (written / "security_filings.ndjson").read_text(encoding="utf-8").splitlines()
    filings = [json.loads(line)["bill_number"] for line in lines]
    assert truth == bills == filings


def test_the_party_register_lists_entity_type_membership_tier_and_status(written: Path) -> None:
    with (written / "parties.csv").open(encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    world = build_world(PARAMS)
    assert len(rows) == len(world.parties)
    row = next(r for r in rows if r["party_id"] == "CAR0001")
    party = world.parties["CAR0001"]
    assert (row["entity_type"], row["status"], row["tier"]) == (
        party.entity_type.value,
        party.status.value,
        party.tier.value,
    )


def test_the_supply_chain_file_names_every_link_and_its_weak_links(written: Path) -> None:
    world = build_world(PARAMS)
    with (written / "supply_chains.csv").open(encoding="utf-8") as stream:
        rows = {row["chain_id"]: row for row in csv.DictReader(stream)}
    assert set(rows) == {chain.chain_id for chain in world.chains}
    for chain in world.chains[:50]:
        row = rows[chain.chain_id]
        assert row["carrier_id"] == chain.carrier_id
        assert row["weak_links"].split(";") == list(chain.weak_links(world.parties, world.sites)) or (
            row["weak_links"] == "" and not chain.weak_links(world.parties, world.sites)
        )


def test_world_json_records_the_parameters_and_the_summary(written: Path) -> None:
    document = json.loads((written / "world.json").read_text(encoding="utf-8"))
    assert document["params"]["seed"] == 21 and document["params"]["scale"] == "SMALL"
    assert document["summary"]["counts"]["bills"] > 0
    assert set(document["summary"]["files"]) == set(FILES.values())
