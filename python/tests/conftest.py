"""Shared fixtures of the iemlab Python tests (run by ctest: python.suite, python.data, python.example)."""
import os
import pathlib

import numpy as np
import pytest

import iemlab


@pytest.fixture(scope="session")
def data_dir():
    """Third-party data (IEMLAB_DATA, default ../shared/data); the test is skipped, visibly, when absent."""
    root = pathlib.Path(__file__).resolve().parents[2]
    path = pathlib.Path(os.environ.get("IEMLAB_DATA", root.parent / "shared" / "data"))
    if not (path / "autoeq").is_dir():
        pytest.skip(f"no third-party data at {path} (set IEMLAB_DATA)")
    return path


@pytest.fixture(scope="session")
def sweep():
    """A 1 s synchronized sweep 20 Hz – 20 kHz at 48 kHz."""
    return iemlab.Sweep("synchronized", f1=20, f2=20000, duration=1.0, rate=48000)


@pytest.fixture(scope="session")
def er4_like():
    """A single-BA IEM behind a long, damped nozzle (the example's ER4-like IEM)."""
    return iemlab.IEM(
        [iemlab.IEMDriver("BA", "knowles:ED-30262", path=[iemlab.tube(4e-3, 1.0e-3), iemlab.damper(680)])],
        nozzle=[iemlab.tube(14e-3, 1.4e-3)],
        name="ER4-like",
    )


def flat(f_lo=20.0, f_hi=20000.0, level=0.0, name="flat"):
    f = iemlab.log_grid(f_lo, f_hi, 48)
    return iemlab.Response(f, np.full(len(f), level), name=name)
