"""`greenlane verify` and `greenlane credential ...`: the public lookup from a terminal, and credentials
issued, revoked and checked offline. `credential check` exits 0 for a valid credential and 1 for a tampered,
expired or revoked one; it judges validity on the wall clock, as a business partner checking a file would, so
these tests issue credentials on dates relative to today."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from greenlane.bootstrap import Container
from greenlane.identity.domain import SYSTEM
from greenlane.partners.domain import Partner
from greenlane.verification import service as verification
from greenlane.verification.credentials import public_key_pem
from tests.builders import MutableClock, make_partner
from tests.cli.support import ok_json, run, user_error
from tests.integration.partners.support import certified_partner

pytestmark = pytest.mark.db


@pytest.fixture
def member(container: Container, clock: MutableClock) -> Partner:
    clock.now = datetime.now(UTC) - timedelta(hours=1)
    with container.db.transaction() as session:
        return certified_partner(session, clock, legal_name="Harbor Goods Inc")


def issue(member: Partner, path: Path) -> str:
    issued = ok_json("credential", "issue", str(member.id), "--out", str(path))
    assert issued["file"] == str(path) and path.exists()
    credential_id: str = issued["credential_id"]
    return credential_id


def test_verify_prints_only_the_public_fields(member: Partner) -> None:
    shown = ok_json("verify", str(member.verification_id))

    assert shown == {
        "verification_id": member.verification_id,
        "legal_name": "Harbor Goods Inc",
        "entity_types": ["importer"],
        "tier": "tier_1",
        "status": "certified",
    }


def test_verify_of_an_unknown_id_exits_1_with_one_line(member: Partner) -> None:
    assert (
        user_error(run("verify", "GL-NOSUCHID", "--json"), code=1)
        == "error: no partner with verification id GL-NOSUCHID"
    )


def test_an_issued_credential_checks_valid(member: Partner, tmp_path: Path) -> None:
    issue(member, tmp_path / "status.json")

    result = run("credential", "check", str(tmp_path / "status.json"), "--json")

    assert result.exit_code == 0, result.stdout
    checked = json.loads(result.stdout)
    assert (checked["valid"], checked["reason"], checked["claims"]["legal_name"]) == (
        True,
        "valid",
        "Harbor Goods Inc",
    )


def test_a_credential_checks_valid_with_the_published_key_and_not_with_another(
    member: Partner, tmp_path: Path
) -> None:
    issue(member, tmp_path / "status.json")
    assert run("credential", "issuer-key", "--out", str(tmp_path / "issuer.pem")).exit_code == 0
    other = tmp_path / "other.pem"
    other.write_text(public_key_pem(Ed25519PrivateKey.generate()))

    good = run("credential", "check", str(tmp_path / "status.json"), "--key", str(tmp_path / "issuer.pem"))
    foreign = run("credential", "check", str(tmp_path / "status.json"), "--key", str(other))

    assert (good.exit_code, good.stdout.strip()) == (0, "valid Harbor Goods Inc (certified, tier_1)")
    assert (foreign.exit_code, foreign.stdout.strip()) == (1, "unknown issuer key")


def test_a_tampered_credential_exits_1(member: Partner, tmp_path: Path) -> None:
    path = tmp_path / "status.json"
    issue(member, path)
    document = json.loads(path.read_text())
    document["claims"]["subject"]["tier"] = "tier_3"
    path.write_text(json.dumps(document))

    result = run("credential", "check", str(path))

    assert (result.exit_code, result.stdout.strip()) == (1, "tampered: signature does not match")


def test_an_expired_credential_exits_1(container: Container, clock: MutableClock, tmp_path: Path) -> None:
    clock.now = datetime.now(UTC) - timedelta(days=container.settings.credential_days + 1)
    with container.db.transaction() as session:
        partner = certified_partner(session, clock)
    issue(partner, tmp_path / "status.json")

    result = run("credential", "check", str(tmp_path / "status.json"))

    assert result.exit_code == 1
    assert result.stdout.startswith("expired on ")


def test_a_revoked_credential_exits_1_against_the_revocation_list(member: Partner, tmp_path: Path) -> None:
    credential_id = issue(member, tmp_path / "status.json")
    revoked = run("credential", "revoke", credential_id, "--reason", "reported lost")
    listed = run("credential", "revocations", "--out", str(tmp_path / "revoked.json"))

    result = run(
        "credential", "check", str(tmp_path / "status.json"), "--revocations", str(tmp_path / "revoked.json")
    )

    assert (revoked.exit_code, listed.exit_code) == (0, 0)
    assert [
        r["credential_id"] for r in json.loads((tmp_path / "revoked.json").read_text())["claims"]["revoked"]
    ] == [credential_id]
    assert result.exit_code == 1
    assert result.stdout.startswith("revoked on ")
    assert (
        run("credential", "check", str(tmp_path / "status.json")).exit_code == 0
    )  # without the list it cannot know


def test_credential_commands_refuse_bad_input_with_one_line(
    container: Container, clock: MutableClock, member: Partner, tmp_path: Path
) -> None:
    with container.db.transaction() as session:
        applicant = make_partner(session, legal_name="Fresh Co", clock=clock).id
    credential_id = issue(member, tmp_path / "status.json")
    run("credential", "revoke", credential_id, "--reason", "lost")
    (tmp_path / "garbage.pem").write_text("not a key")

    assert user_error(run("credential", "issue", str(applicant), "--out", str(tmp_path / "x.json"))) == (
        "error: only members get a status credential; this partner is applicant"
    )
    assert not (tmp_path / "x.json").exists()
    unwritable = tmp_path / "no-such-folder" / "status.json"
    assert user_error(run("credential", "issue", str(member.id), "--out", str(unwritable))) == (
        f"error: {unwritable}: No such file or directory"
    )
    with container.db.transaction() as session:
        recorded = verification.list_credentials(session, actor=SYSTEM, partner_id=member.id or 0)
    assert [r.credential_id for r in recorded] == [credential_id]  # the unwritten credential was not recorded
    assert user_error(run("credential", "revoke", credential_id, "--reason", "again")).startswith(
        f"error: credential {credential_id} was already revoked on "
    )
    assert (
        user_error(run("credential", "revoke", "GLC-NOPE", "--reason", "x"))
        == "error: credential GLC-NOPE not found"
    )
    assert user_error(run("credential", "revoke", "GLC-NOPE", "--reason", " ")).startswith(
        "error: record GLC-NOPE"
    )
    assert "No such file or directory" in user_error(
        run("credential", "check", str(tmp_path / "missing.json"))
    )
    assert "not an Ed25519 public key" in user_error(
        run("credential", "check", str(tmp_path / "status.json"), "--key", str(tmp_path / "garbage.pem"))
    )
