"""Every response format, impedance and calibration file: written and read back, and parsed from literal text."""
import numpy as np
import pytest

import iemlab


@pytest.mark.parametrize("fmt,suffix,digits", [
    ("csv", ".csv", 1e-4), ("rew", ".txt", 1e-3), ("frd", ".frd", 1e-3), ("autoeq", ".csv", 5e-3),
    ("mic_cal", ".txt", 1e-3), ("zma", ".zma", 1e-3)])
def test_round_trip(tmp_path, fmt, suffix, digits):
    f = iemlab.log_grid(20, 20000, 12)
    phase = 30 * np.sin(np.log(f)) if fmt in ("csv", "rew", "frd") else None
    r = iemlab.Response(f, 80 + 5 * np.cos(np.log(f)), phase, name="x")
    path = tmp_path / ("x" + suffix)
    iemlab.write_response(path, r, fmt)
    back = iemlab.read_response(path, fmt)
    assert back.name == "x"
    assert np.allclose(back.frequency, f, rtol=1e-3)
    assert np.max(np.abs(back.db - r.db)) <= digits * 10
    if phase is not None:
        assert np.max(np.abs(back.phase - phase)) < 0.01
    assert iemlab.parse_response(iemlab.format_response(r, fmt), format=fmt).db[0] == pytest.approx(r.db[0], abs=0.01)


def test_squig_and_detection():
    f = iemlab.log_grid(20, 20000, 48)
    r = iemlab.Response(f, np.zeros(len(f)))
    text = iemlab.format_response(r, "squig")
    assert iemlab.detect_format(text) in ("squig", "rew")
    assert iemlab.detect_format("frequency,raw\n20,1\n30,2\n") == "autoeq"


def test_literal_files():
    r = iemlab.parse_response("frequency,raw\n20,1.5\n1000,0\n20000,-3\n")
    assert np.array_equal(r.frequency, [20, 1000, 20000]) and np.array_equal(r.db, [1.5, 0, -3])
    z = iemlab.parse_impedance("* impedance\n10 32.5 1\n1000 33 -5\n20000 40 20\n")
    assert np.array_equal(z.ohm, [32.5, 33, 40]) and np.array_equal(z.phase, [1, -5, 20])
    cal = iemlab.parse_mic_calibration('"Sens Factor =-1.23dB, AGain =18dB, SERNO: 7001234"\n20 -0.5\n1000 0\n20000 1.2\n')
    assert cal.sensitivity_db == pytest.approx(-1.23) and cal.gain_db == pytest.approx(18)
    assert cal.serial_number == "7001234"
    measured = iemlab.Response([20, 1000, 20000], [80, 80, 80])
    assert np.allclose(iemlab.apply_mic_calibration(measured, cal.correction).db, [80.5, 80, 78.8])


def test_impedance_round_trip(tmp_path):
    z = iemlab.Impedance([20, 1000, 20000], [32, 33.5, 41], [0, 5, 30], name="z")
    iemlab.write_impedance(tmp_path / "z.zma", z)
    back = iemlab.read_impedance(tmp_path / "z.zma")
    assert np.allclose(back.ohm, z.ohm) and np.allclose(back.phase, z.phase)
    assert np.allclose(back.complex(), z.ohm * np.exp(1j * np.deg2rad(z.phase)))
    with pytest.raises(iemlab.Error, match="magnitude_ohm"):
        iemlab.Impedance([20, 1000], [1, -1])


def test_sweep_file_round_trip(tmp_path):
    # A sweep written with its metadata, read back, and a loopback of it analysed as a file-based sweep:
    # the analyzer rebuilds the exact sweep from the comment, and the loopback comes out flat.
    s = iemlab.Sweep(duration=1.0)
    x = 0.5 * s.samples()
    iemlab.write_audio(tmp_path / "sweep.wav", np.stack([x, x]), s.rate, "float32", s.metadata())
    samples, rate, comment = iemlab.read_audio(tmp_path / "sweep.wav")
    assert samples.shape == (2, len(s)) and rate == s.rate and iemlab.Sweep.from_metadata(comment).f1 == s.f1
    assert np.max(np.abs(samples[0] - x)) < 1e-7  # float32
    y = np.concatenate([samples[1], np.zeros(4800)])
    analyzer = iemlab.Analyzer.for_sweep_file(samples[0], rate, comment, len(y),
                                              iemlab.AnalysisSettings(harmonics=2, normalize_at=None))
    assert analyzer.method == "synchronized"
    r = analyzer.analyze(y).response
    # Flat to 0.01 dB from 50 Hz (near the band's lower edge the inverse's roll-off reaches 0.02 dB).
    assert np.max(np.abs(r.db[r.frequency >= 50])) < 0.01
