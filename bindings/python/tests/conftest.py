# SPDX-License-Identifier: GPL-2.0
"""Fixtures of the Python bindings' tests: they run in the VM, with the
module loaded, from the build tree (tests/vm/python-bindings.sh)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TOP = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))

import utracer  # noqa: E402

PROGS = TOP / "build" / "tests" / "progs"


def prog(name: str) -> str:
    return str(PROGS / name)


@pytest.fixture(autouse=True)
def _module_loaded():
    if not os.path.exists("/proc/utrace/control"):
        pytest.skip("the utracer module is not loaded")


@pytest.fixture
def client():
    with utracer.Client() as c:
        yield c


class Running:
    """A tracee program started with subprocess, killed at the end."""

    def __init__(self, argv, stdin=False):
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE,
                                     stdin=subprocess.PIPE if stdin else None,
                                     text=True)
        self.pid = self.proc.pid
        self.first_line = self.proc.stdout.readline().split()

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()


@pytest.fixture
def running():
    started = []

    def start(argv, stdin=False):
        r = Running(argv, stdin)
        started.append(r)
        return r
    yield start
    for r in started:
        r.kill()
