"""A small class on one app server: the short version of benchmarks/classroom.py.

Three students open the app as real Streamlit sessions (page, scripts, websocket), walk all six
pages in random orders changing one widget on each, and one of them trains a tiny model on the
Undercomplete AE page and polls its live view until the job ends. Any exception box or error
box a student sees, any disconnect, any rerun that never finishes fails the test. (Named apart
from tests/browser/test_classroom.py, which drives the proxy-based classroom mode in Chromium:
pytest imports test files by their base name.)
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from classroom import ENDED, Settings, measure  # noqa: E402

STUDENTS = 3
PAGES = 6


@pytest.fixture(scope="module")
def lesson() -> dict[str, Any]:
    settings = Settings(students=STUDENTS, trainers=1, walk_pages=PAGES, think_s=(0.2, 0.6), ramp_s=1.0,
                        seed=0, train_page="undercomplete-ae", train_values={"epochs": 4, "limit": 4096},
                        settle_s=0.0, browser=False, rerun_timeout_s=300.0, train_timeout_s=300.0)
    return measure(settings, max_jobs=1)["classes"][0]


def test_every_student_opens_the_app_and_visits_every_page(lesson):
    assert lesson["failures"] == []
    assert lesson["students_opened"] == STUDENTS
    visited = {}
    for rerun in lesson["reruns_log"]:
        if rerun["kind"] in ("open", "visit"):
            visited.setdefault(rerun["student"], set()).add(rerun["page"])
    assert len(visited) == STUDENTS
    assert all(len(pages) == PAGES for pages in visited.values()), visited


def test_no_student_sees_an_exception_or_an_error(lesson):
    assert lesson["exceptions"] == {}
    assert lesson["error_alerts"] == {}


def test_no_session_drops_and_every_rerun_finishes(lesson):
    assert lesson["disconnects"] == []
    assert lesson["reruns_unfinished"] == 0
    kinds = {rerun["kind"] for rerun in lesson["reruns_log"]}
    assert {"open", "visit", "widget", "train"} <= kinds


def test_the_trainer_job_ends_and_its_live_view_redraws(lesson):
    (job,) = lesson["jobs"]
    assert job["state"] in ENDED and job["state"] not in ("failed", "stopped"), job
    assert job["queue_wait_s"] is not None and job["done_s"] >= job["queue_wait_s"]
    assert job["redraws"] >= 1
