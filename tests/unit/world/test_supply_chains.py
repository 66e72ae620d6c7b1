from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from greenlane.core.errors import ValidationFailed
from greenlane.world import WorldParams
from greenlane.world.chains import build_chains
from greenlane.world.geography import COUNTRIES
from greenlane.world.population import create_population
from greenlane.world.products import PRODUCTS, products_by_origin
from greenlane.world.scales import Scale
from tests.unit.world.conftest import Generated


def test_chain_frequencies_share_out_all_of_the_worlds_bills(month_2002: Generated) -> None:
    assert sum(chain.frequency for chain in month_2002.world.chains) == pytest.approx(1.0)


def test_every_importer_has_at_least_one_chain(month_2002: Generated) -> None:
    world = month_2002.world
    importers = {p.party_id for p in world.parties.values() if p.entity_type.value == "importer"}
    assert importers == {chain.importer_id for chain in world.chains}


def test_chains_ship_tariff_lines_their_manufacturer_makes_from_its_country(month_2002: Generated) -> None:
    world, catalogue = month_2002.world, products_by_origin()
    for chain in world.chains:
        maker = world.parties[chain.manufacturer_id]
        assert chain.origin_country == maker.country
        assert set(chain.hs6) <= {product.hs6 for product, _ in catalogue[maker.country]}


def test_an_unmapped_stuffing_point_is_reported_as_a_weak_link(month_2002: Generated) -> None:
    world = month_2002.world
    unmapped = [c for c in world.chains if not world.sites[c.stuffing_site_id].known]
    assert unmapped
    assert all("stuffing_point" in c.weak_links(world.parties, world.sites) for c in unmapped)


def test_a_chain_of_trusted_links_reports_no_weak_link(month_2002: Generated) -> None:
    world = month_2002.world
    clean = [c for c in world.chains if not c.weak_links(world.parties, world.sites)]
    assert clean
    for chain in clean:
        assert all(world.parties[pid].is_trusted for _, pid in chain.links() if pid is not None)


def test_consolidated_chains_are_stuffed_at_their_consolidators_freight_station(
    month_2002: Generated,
) -> None:
    world = month_2002.world
    lcl = [c for c in world.chains if c.less_than_container_load]
    assert lcl
    for chain in lcl:
        site = world.sites[chain.stuffing_site_id]
        assert (
            site.kind == "cfs"
            and site.owner_id == chain.consolidator_id
            and site.country == chain.origin_country
        )


def test_a_port_scale_world_discharges_everything_at_los_angeles() -> None:
    profile = replace(Scale.PORT.profile, importers=60, manufacturers=200, consolidators=10, brokers=10)
    population = create_population(profile, np.random.default_rng(3))
    chains = build_chains(population, profile, np.random.default_rng(4))
    assert {chain.port_of_discharge for chain in chains} == {"USLAX"}


def test_a_national_world_uses_both_coasts_with_los_angeles_among_the_busiest(month_2002: Generated) -> None:
    ports: dict[str, float] = {}
    for chain in month_2002.world.chains:
        ports[chain.port_of_discharge] = ports.get(chain.port_of_discharge, 0.0) + chain.frequency
    busiest = sorted(ports, key=ports.__getitem__, reverse=True)[:4]
    assert "USLAX" in busiest and {"USNYC", "USSAV"} & set(ports)


def test_every_origin_in_the_catalogue_is_a_modelled_country() -> None:
    codes = {country.code for country in COUNTRIES}
    assert {code for product in PRODUCTS for code, _ in product.origins} == codes


def test_world_params_refuse_a_negative_seed() -> None:
    with pytest.raises(ValidationFailed):
        WorldParams(seed=-1)
