"""Evidence links and verification steps: EXIF, by hand, each a ledger event with the item."""

from __future__ import annotations

import json

import pytest
from case_helpers import Builder, ledger_size

from casefile.case.evidence import (
    assess_source,
    chronolocate,
    evidence_of,
    geolocate,
    link_item,
    verification_steps,
)
from casefile.case.incidents import create_incident
from casefile.errors import CasefileError


def test_link_geolocate_and_chronolocate_from_exif(build: Builder) -> None:
    ws = build.ws
    photo = build.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    iid = create_incident(ws, "Bucha")
    link_item(ws, iid, photo[:10], "two bodies by a fence")
    geolocate(ws, photo, from_exif=True, incident_id=iid)
    chronolocate(ws, photo, from_exif=True, incident_id=iid)
    assess_source(ws, photo, "b", "2", "our own photographer", iid)
    with ws.db.read() as conn:
        [link] = evidence_of(conn, iid)
        events = [e.event for e in ws.ledger.entries(conn, item=photo)]
    assert link.kind == "photo" and link.shows == "two bodies by a fence"
    assert link.geolocation is not None and link.chronolocation is not None
    assert (link.geolocation["lat"], link.geolocation["lon"]) == pytest.approx(
        (50.5443, 30.2204), abs=1e-4
    )
    assert link.geolocation["method"] == "exif" and link.geolocation["verifier"] == "tester@test"
    assert link.chronolocation["time"] == "2022-04-02T10:15:00"
    assert "time zone not recorded" in link.chronolocation["note"]
    assert link.source is not None and link.source["reliability"] == "B"
    kinds = [e.kind for e in events]
    assert kinds == [
        "acquired",
        "media_hashed",  # the image's perceptual hash, recorded at acquisition
        "incident_evidence_linked",
        "evidence_verified",
        "evidence_verified",
        "evidence_verified",
    ]
    assert [e.data["aspect"] for e in events[3:]] == ["geolocation", "chronolocation", "source"]
    assert all(e.item == photo and e.actor == "tester@test" for e in events)


def test_later_steps_supersede_but_every_step_is_kept(build: Builder) -> None:
    ws = build.ws
    sat = build.photo("sat.jpg", None, None, "2022:03:19 11:02:00")
    iid = create_incident(ws, "Bucha")
    link_item(ws, iid, sat, "objects on the street", "satellite")
    with pytest.raises(CasefileError, match="no GPS position in its EXIF"):
        geolocate(ws, sat, from_exif=True)
    with pytest.raises(CasefileError, match="how the place was established"):
        geolocate(ws, sat, 50.54, 30.22, "landmarks", "")
    with pytest.raises(CasefileError, match="--method must be one of"):
        geolocate(ws, sat, 50.54, 30.22, "guess", "looked right")
    with pytest.raises(CasefileError, match="not coordinates"):
        geolocate(ws, sat, 150.0, 30.22, "landmarks", "x")
    with pytest.raises(CasefileError, match="not an ISO 8601"):
        chronolocate(ws, sat, "19 March", "satellite-pass", "provider")
    geolocate(ws, sat, 50.54, 30.22, "landmarks", "church tower")
    geolocate(ws, sat, 50.5443, 30.2204, "satellite-comparison", "roofs match the street photos")
    chronolocate(ws, sat, "2022-03-19T11:02:00+00:00", "satellite-pass", "provider's record")
    with ws.db.read() as conn:
        [link] = evidence_of(conn, iid)
        steps = verification_steps(conn, sat)
    assert [s["method"] for s in steps] == ["landmarks", "satellite-comparison", "satellite-pass"]
    assert link.geolocation is not None and link.geolocation["method"] == "satellite-comparison"
    assert link.kind == "satellite"


def test_linking_an_item_not_in_the_vault(build: Builder) -> None:
    ws = build.ws
    iid = create_incident(ws, "Bucha")
    before = ledger_size(ws)
    with pytest.raises(CasefileError, match="is not in the vault: preserve it first"):
        link_item(ws, iid, "ab" * 32, "a photo we do not have")
    with pytest.raises(CasefileError, match="not an item hash"):
        link_item(ws, iid, "photo.jpg", "a name, not a hash")
    with pytest.raises(CasefileError, match="what the item shows"):
        photo = build.photo("p.jpg", 50.5, 30.2, "2022:04:02 10:15:00")
        link_item(ws, iid, photo, "")
    assert ledger_size(ws) == before + 2  # only the photo's acquisition and its hash
    link_item(ws, iid, photo, "street")
    with pytest.raises(CasefileError, match="already linked"):
        link_item(ws, iid, photo, "street again")
    with pytest.raises(CasefileError, match="there is no incident 77"):
        link_item(ws, 77, photo, "street")
    with pytest.raises(CasefileError, match="--kind"):
        link_item(ws, iid, photo, "street", "painting")


def test_evidence_json_is_plain(build: Builder) -> None:
    photo = build.photo("p.jpg", 50.5443, 30.2204, "2022:04:02 10:15:00")
    iid = create_incident(build.ws, "Bucha")
    link_item(build.ws, iid, photo, "street")
    with build.ws.db.read() as conn:
        [link] = evidence_of(conn, iid)
    assert json.loads(json.dumps(link.as_json()))["item"] == photo
