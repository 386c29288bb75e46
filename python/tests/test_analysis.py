"""Responses, smoothing, averaging, normalisation, targets and the preference score against closed forms."""
import numpy as np
import pytest

import iemlab
from conftest import flat


def test_response_views_without_copies():
    f = np.array([20.0, 1000.0, 20000.0])
    r = iemlab.Response(f, [1.0, 2.0, 3.0], [0.0, 90.0, 180.0], name="r")
    assert r.frequency.base is not None and not r.frequency.flags.writeable
    assert np.array_equal(r.frequency, f) and r.has_phase and len(r) == 3
    assert np.allclose(r.complex(), 10 ** (np.array([1, 2, 3]) / 20) * np.exp(1j * np.deg2rad([0, 90, 180])))
    assert iemlab.Response(f, [0, 0, 0]).phase is None
    # Linear in log f between points: halfway in log between 20 Hz and 1 kHz.
    assert r.db_at(np.sqrt(20 * 1000)) == pytest.approx(1.5)
    h = iemlab.Response.from_complex(f, np.array([1, 1j, -2]))
    assert np.allclose(h.db, [0, 0, 20 * np.log10(2)]) and np.allclose(h.phase, [0, 90, 180])


def test_smoothing_keeps_a_log_ramp_and_every_width_rule_runs():
    # A level linear in log2 f is its own mean over any band symmetric in log f (dB domain, log weighting).
    f = iemlab.log_grid(20, 20000, 96)
    r = iemlab.Response(f, 3 * np.log2(f / 1000))
    inner = (f > 100) & (f < 5000)
    for width in ["1/3", 6, "variable", "psychoacoustic", "erb", "0.1667"]:
        s = iemlab.smooth(r, width, domain="db")
        assert np.max(np.abs(s.db[inner] - r.db[inner])) < 1e-6, width
    # A constant level stays constant in every domain.
    c = iemlab.Response(f, np.full(len(f), 7.0))
    for domain in ["power", "magnitude", "db", "cubic"]:
        assert np.allclose(iemlab.smooth(c, "1/6", domain=domain, passes=3).db, 7.0)
    with pytest.raises(iemlab.Error, match="width"):
        iemlab.smooth(r, "1/1000")


def test_average_modes_are_the_closed_forms():
    a, b = flat(level=0.0), flat(level=6.0)
    cases = {
        "db": 3.0,
        "power": 10 * np.log10((1 + 10 ** 0.6) / 2),
        "pressure": 20 * np.log10((1 + 10 ** 0.3) / 2),
    }
    for mode, expected in cases.items():
        avg = iemlab.average([a, b], mode=mode)
        assert np.allclose(avg.mean.db, expected), mode
        assert np.allclose(avg.min_db, 0) and np.allclose(avg.max_db, 6) and avg.count == 2
        assert np.allclose(avg.std_db, np.std([0, 6], ddof=1))
    imbalance = iemlab.channel_imbalance(b, a)
    assert imbalance.mean_db == pytest.approx(6.0) and imbalance.rms_db == pytest.approx(6.0)


def test_normalisation():
    f = iemlab.log_grid(20, 20000, 48)
    r = iemlab.Response(f, 2 * np.log2(f / 20))
    assert iemlab.normalize(r, at=1000, level=85).db_at(1000) == pytest.approx(85)
    banded = iemlab.normalize(r, band=(500, 2000))
    assert iemlab.band_mean_level(banded, 500, 2000) == pytest.approx(0, abs=1e-9)
    # The ln-f-weighted mean of a log ramp over [500, 2000] is its value at the geometric centre, 1 kHz.
    assert iemlab.band_mean_level(r, 500, 2000) == pytest.approx(2 * np.log2(1000 / 20), abs=1e-6)
    with pytest.raises(iemlab.Error):
        iemlab.normalize(r, at=1000, band=(500, 2000))


def test_targets_and_the_preference_score():
    names = iemlab.builtin_target_names()
    assert "harman-ie-2019v2" in names
    t = iemlab.builtin_target("harman-ie-2019v2")
    assert t.db_at(1000) == pytest.approx(0, abs=0.01)  # 0 dB at 1 kHz, between two points of its grid
    # A target against itself: the model's intercept 100.0795 (Olive et al.; AutoEq).
    assert iemlab.preference_score(t, t).score == pytest.approx(100.0795, abs=1e-9)
    # An error e(f) = k·ln(f/500): std, slope and mean computed here with numpy on the ISO R40 grid.
    f = iemlab.iso_r40_grid()
    k = 0.5
    score = iemlab.preference_score(iemlab.Response(f, k * np.log(f / 500)))
    band = (f >= 20) & (f <= 10000)
    e = k * np.log(f / 500)
    std = np.std(e[band], ddof=1)
    slope = np.polyfit(np.log(f[band]), e[band], 1)[0]
    mean = np.mean(np.abs(e[(f >= 40) & (f <= 10000)]))
    assert score.std == pytest.approx(std, rel=1e-9)
    assert score.slope == pytest.approx(slope, rel=1e-9)
    assert score.mean == pytest.approx(mean, rel=1e-9)
    assert score.score == pytest.approx(100.0795 - 8.5 * std - 6.796 * abs(slope) - 3.475 * mean, rel=1e-12)
    # Adjustments: a 6 dB low shelf at 105 Hz gives +6 dB far below it (re 1 kHz).
    boosted = iemlab.adjust_target(iemlab.builtin_target("flat"), bass_gain=6)
    assert boosted.db_at(20) == pytest.approx(6, abs=0.1)
    err = iemlab.error_curve(iemlab.builtin_target("flat"), boosted)
    assert err.db_at(20) == pytest.approx(-6, abs=0.1)


def test_errors_map_to_iemlab_error():
    assert issubclass(iemlab.Error, ValueError) and issubclass(iemlab.FileError, iemlab.Error)
    with pytest.raises(iemlab.Error, match=r"f2 = 30000 Hz is out of range"):
        iemlab.Sweep(f2=30000)
    with pytest.raises(iemlab.Error, match="frequency"):
        iemlab.Response([1000, 20], [0, 0])
    with pytest.raises(iemlab.FileError, match="no-such-file"):
        iemlab.read_response("/nonexistent/no-such-file.csv")
    with pytest.raises(iemlab.Error, match="mode"):
        iemlab.average([flat()], mode="median")
    with pytest.raises(iemlab.Error, match="recording"):
        s = iemlab.Sweep(duration=0.5)
        iemlab.Deconvolver(s, len(s))(np.zeros(len(s) - 1))
    with pytest.raises(ValueError):
        iemlab.builtin_target("harman-2099")
