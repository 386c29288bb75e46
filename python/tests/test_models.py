"""IEM models, the source tilt, the simulated rig's session and the EQ."""
import numpy as np
import pytest
import scipy.signal

import iemlab

from test_dsp import rbj_peaking


def test_source_impedance_tilt_is_the_voltage_divider():
    f = np.array([100.0, 1000.0, 10000.0])
    z = np.array([10 + 1j, 16 + 0j, 40 + 30j])
    expected = 20 * np.log10(np.abs(z / (z + 75 + 2j * np.pi * f * 1e-6)))
    assert np.allclose(iemlab.source_impedance_tilt(f, z, 75, 1e-6), expected, atol=1e-12)


def test_source_networks_are_the_series_sum_of_their_parts(tmp_path):
    f = np.array([20.0, 100.0, 1000.0, 10000.0])
    w = 2 * np.pi * f
    # An output-coupling capacitor: 0.5 Ω + 1/(jωC), C = 220 µF.
    coupled = iemlab.Source(resistance=0.5, series_capacitance=220e-6)
    assert np.allclose(coupled.impedance(f), 0.5 + 1 / (1j * w * 220e-6), rtol=1e-12)
    # An impedance adapter 100 Ω ∥ 220 nF after 1 Ω: R_p/(1 + jωR_pC_p) + R.
    adapter = iemlab.Source(resistance=1, parallel_resistance=100, parallel_capacitance=220e-9)
    assert np.allclose(adapter.impedance(f), 1 + 100 / (1 + 1j * w * 100 * 220e-9), rtol=1e-12)
    assert adapter.parallel_resistance == 100 and adapter.file is None
    # The tilt from that network is the divider on it.
    z = np.array([10 + 1j, 16 + 0j, 40 + 30j, 60 - 5j])
    expected = 20 * np.log10(np.abs(z / (z + adapter.impedance(f))))
    assert np.allclose(iemlab.source_impedance_tilt(f, z, source=adapter), expected, atol=1e-12)
    # A measured output impedance (ZMA: frequency, |Z| Ω, phase °), linear in Re and Im between its points,
    # plus a series 1 Ω: 10 Ω at 100 Hz and 20 Ω at +90° (20j) at 1 kHz give 6 + 10j at 550 Hz.
    zma = tmp_path / "amp.zma"
    zma.write_text("100 10 0\n1000 20 90\n")
    measured = iemlab.Source(resistance=1, file=zma)
    assert np.allclose(measured.impedance([550.0]), [6 + 10j], atol=1e-9)
    assert measured.file == str(zma)
    with pytest.raises(iemlab.Error, match="parallel_capacitance"):
        iemlab.Source(parallel_capacitance=1e-6)
    with pytest.raises(iemlab.Error, match="series_capacitance"):
        iemlab.Source(series_capacitance=-1e-6)
    with pytest.raises(iemlab.Error, match="not both"):
        iemlab.source_impedance_tilt(f, z, 75, source=adapter)


def test_iem_json_source_network():
    text = """{"name": "x", "source_impedance": {"resistance": "10ohm", "series_capacitance": "100uF"},
               "drivers": [{"driver": "knowles:ED-30262"}]}"""
    iem = iemlab.IEM.from_json(text)
    assert iem.source_impedance is None  # not a resistance alone
    assert iem.source.resistance == 10 and iem.source.series_capacitance == pytest.approx(100e-6)
    assert iemlab.IEM.from_json('{"name": "y", "drivers": [{"driver": "knowles:ED-30262"}]}').source is None


def test_iem_response_and_crossover(er4_like):
    f = iemlab.log_grid(20, 20000, 6)
    coupler = er4_like.respond(f, load="coupler")
    electrical = er4_like.respond(f, load="none")
    assert coupler["impedance"].dtype == np.complex128 and len(coupler["spl_db"]) == len(f)
    assert "pressure" not in electrical
    # A series 2.2 µF capacitor ahead of the driver: the input impedance is the driver's plus 1/(jωC).
    driver = iemlab.Driver("knowles:ED-30262")
    hp = iemlab.IEM([iemlab.IEMDriver("t", driver, network=[iemlab.series(c=2.2e-6)])])
    z = hp.respond(f, load="none")["impedance"]
    assert np.allclose(z, driver.impedance(f) + 1 / (2j * np.pi * f * 2.2e-6), rtol=1e-9)
    # …and the tilt from a 75 Ω source follows the divider on that impedance.
    tilt = iemlab.source_impedance_tilt(f, z, 75)
    assert np.allclose(tilt, 20 * np.log10(np.abs(z / (z + 75))))
    with pytest.raises(iemlab.Error, match="load"):
        er4_like.respond(f, load="kemar")


def test_simulated_session(er4_like):
    target = iemlab.builtin_target("harman-ie-2019v2")
    # One insertion depth for every draw: both channels see the same placement.
    rig = iemlab.Rig(seed=7, latency_samples=100, background_noise_dbfs=-120, depth_min=3e-3, depth_max=3e-3)
    calls = []
    m = iemlab.measure_simulated(rig, er4_like, insertions=2, target=target, sweep_duration=1.0,
                                 channels=[("left", 0.0), ("right", -1.0)], nonlinearity=(0.04, 0.0),
                                 progress=lambda ch, i, n: calls.append((ch, i, n)))
    assert calls == [("left", 1, 2), ("left", 2, 2), ("right", 1, 2), ("right", 2, 2)]
    assert m.level_unit == "dB SPL" and len(m.channels) == 2
    assert iemlab.level_at(m.combined, 1000) == pytest.approx(85, abs=1e-6)
    # The right channel's driver is 1 dB less sensitive: the imbalance's broadband mean is +1 dB.
    assert m.imbalance.mean_db == pytest.approx(1.0, abs=0.05)
    assert m.target.score.score == pytest.approx(iemlab.preference_score(m.combined, target).score, abs=1e-6)
    # HD2 of y = x + a2·x² at the drive's peak A = 10^(−12/20) is a2·A/2 at the drive; the linear chain then
    # weighs the harmonic at 2f against the fundamental at f: |H(2f)/H(f)| with H = p/V·Z/(Z + 0.5 Ω) (the
    # rig's source divider), from the IEM model. 500 Hz … 2 kHz: there a 1 s sweep's harmonic gates resolve it and the
    # harmonic stands well above the rig's noise.
    ch = m.channels[0]
    f = ch.thd_frequency[(ch.thd_frequency >= 500) & (ch.thd_frequency <= 2000)]
    mid = np.isin(ch.thd_frequency, f)

    def chain(freq):
        r = er4_like.respond(freq, depth=3e-3)
        return r["pressure"] * r["impedance"] / (r["impedance"] + 0.5)

    expected = 100 * 0.04 * 10 ** (-12 / 20) / 2 * np.abs(chain(2 * f) / chain(f))
    assert np.allclose(ch.thd_percent[mid], expected, rtol=0.02)
    assert len(ch.insertions) == 2 and len(ch.insertion_depths) == 2
    # The measured shape equals the model's on the coupler at the insertion's depth behind the source divider,
    # 100 Hz … 10 kHz.
    f = ch.insertions[0].response.frequency
    band = (f >= 100) & (f <= 10000)
    model = 20 * np.log10(np.abs(chain(f[band])))
    measured = ch.insertions[0].response.db[band]
    assert ch.insertion_depths[0] == 3e-3
    assert np.std(measured - model) < 0.02


def test_measure_recordings(sweep):
    x = 0.5 * sweep.samples()
    settings = iemlab.AnalysisSettings(harmonics=1, normalize_at=1000, normalize_level=0)
    recordings = [[np.concatenate([x, np.zeros(2400)])], [np.concatenate([0.5 * x, np.zeros(2400)])]]
    analyzer = iemlab.Analyzer(sweep, len(recordings[0][0]), settings)
    m = iemlab.measure_recordings("loopback", analyzer, ["left", "right"], recordings, 1.0, settings)
    assert m.imbalance.mean_db == pytest.approx(20 * np.log10(2), abs=1e-3)
    assert iemlab.level_at(m.combined, 1000) == pytest.approx(0, abs=1e-9)


def test_parametric_eq_curve_is_the_cascade_of_cookbook_biquads():
    filters = [iemlab.Biquad("peaking", 1000, 6, 1.0), iemlab.Biquad("peaking", 5000, -4, 3.0)]
    eq = iemlab.ParametricEQ(filters, fs=48000)
    f = iemlab.log_grid(20, 20000, 12)
    expected = np.zeros(len(f))
    for fc, g, q in [(1000, 6, 1.0), (5000, -4, 3.0)]:
        b, a = rbj_peaking(fc, g, q, 48000)
        expected += 20 * np.log10(np.abs(scipy.signal.freqz(b, a, worN=f, fs=48000)[1]))
    assert np.max(np.abs(eq.curve_db(f) - expected)) < 1e-6


def test_eq_optimisation_improves_the_score():
    target = iemlab.builtin_target("harman-ie-2019v2")
    f = target.frequency
    b, a = rbj_peaking(3000, 8, 2.0, 48000)
    bump = 20 * np.log10(np.abs(scipy.signal.freqz(b, a, worN=f, fs=48000)[1]))
    measured = iemlab.Response(f, target.db + bump, name="bumped")
    result = iemlab.optimize_eq(measured, target, filters=3)
    assert result.score_after > result.score_before + 10
    assert len(result.eq.filters) == 3 and result.eq.preamp_db <= 0
    eq_applied = iemlab.apply_eq(measured, result.eq)
    assert iemlab.preference_score(eq_applied, target).score > result.score_before
    fixed = iemlab.optimize_eq([measured], target, fixed_band=True)
    assert [round(b.fc) for b in fixed.eq.filters][:3] == [31, 62, 125]


def test_equalizer_apo_file(tmp_path):
    eq = iemlab.ParametricEQ([iemlab.Biquad("low_shelf", 105, 6.04, 0.7), iemlab.Biquad("peaking", 3000, -4.26, 2.0)],
                             preamp_db=-6.1)
    text = iemlab.format_equalizer_apo(eq)
    assert text.splitlines() == ["Preamp: -6.1 dB", "Filter 1: ON LSC Fc 105 Hz Gain 6.0 dB Q 0.70",
                                 "Filter 2: ON PK Fc 3000 Hz Gain -4.3 dB Q 2.00"]
    iemlab.write_equalizer_apo(tmp_path / "eq.txt", eq)
    back = iemlab.read_equalizer_apo(tmp_path / "eq.txt")
    assert back.preamp_db == pytest.approx(-6.1) and [f.type for f in back.filters] == ["low_shelf", "peaking"]
    assert back.filters[1].gain == pytest.approx(-4.3)
