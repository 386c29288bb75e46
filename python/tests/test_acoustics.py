"""Acoustic models: canal, coupler, open ear, occlusion and leaks against closed forms and published values."""
import numpy as np
import pytest

import iemlab


def test_canal_residual_volume_and_low_frequency_compliance():
    canal = iemlab.EarCanal(length=0.025, diameter=0.0075)
    f = np.array([20.0, 50.0, 1000.0])
    r = iemlab.canal_response(f, canal, depth=0.010)
    # A cylinder: V = π r² (L − depth).
    assert r["residual_volume"] == pytest.approx(np.pi * 0.00375 ** 2 * 0.015, rel=1e-9)
    # Far below the first resonance the sealed canal is a compliance: Z_in ≈ 1/(jωC), reactance negative,
    # |Z_in| falling as 1/f.
    z = r["input_impedance"]
    assert z[0].imag < 0 and z[1].imag < 0
    assert abs(z[0]) / abs(z[1]) == pytest.approx(50 / 20, rel=0.05)
    # A leak at the tip lowers the impedance at 20 Hz (the leak's mass and resistance shunt the compliance).
    leaky = iemlab.canal_response(f, canal, depth=0.010, leak=iemlab.Leak.slit(2e-3, 20e-6, 3e-3))
    assert abs(leaky["input_impedance"][0]) < abs(z[0])


def test_coupler_effective_volume():
    # IEC 60318-4: the 711 ear simulator's effective volume is 1.26 cm³ at 500 Hz.
    r = iemlab.coupler_response(np.array([500.0]))
    assert r["effective_volume"][0] == pytest.approx(1.26e-6, rel=0.02)
    assert r["transfer_impedance"].dtype == np.complex128


def test_open_ear_quarter_wave_resonance():
    # A 25 mm canal resonates near its quarter wavelength c/(4L) (3.5 kHz at 37 °C); the eardrum's compliance
    # and the entrance lower it a little, never below c/(4·1.4·L).
    canal = iemlab.EarCanal(length=0.025)
    f = iemlab.log_grid(1000, 8000, 96)
    g = np.abs(iemlab.open_ear_gain(f, canal))
    peak = f[np.argmax(g)]
    quarter = canal.speed_of_sound / (4 * 0.025)
    assert quarter / 1.4 < peak <= quarter
    assert g.max() > 2  # well above the entrance pressure at resonance
    assert len(iemlab.open_ear_gain(f, canal, re_blocked=True)) == len(f)


def test_occlusion_effect_falls_with_depth():
    # A shallow seal (in the cartilaginous part) occludes more at low frequencies than a deep one in the bony
    # part (Stenfelt & Reinfeldt 2007); above a few kHz it vanishes.
    f = np.array([100.0, 200.0, 8000.0])
    shallow = iemlab.occlusion_effect(f, depth=0.004)
    deep = iemlab.occlusion_effect(f, depth=0.016)
    assert shallow[0] > 10 and shallow[0] > deep[0] + 5
    assert abs(shallow[2]) < abs(shallow[0])


def test_leak_impedance_is_r_plus_j_omega_m():
    leak = iemlab.Leak(3e7, 2e3)
    f = np.array([10.0, 100.0])
    assert np.allclose(leak.impedance(f), 3e7 + 2j * np.pi * f * 2e3)
    slit = iemlab.Leak.slit(2e-3, 10e-6, 3e-3)
    wider = iemlab.Leak.slit(2e-3, 20e-6, 3e-3)
    # R ∝ 1/H³ and M ∝ 1/H for a slit.
    assert slit.resistance / wider.resistance == pytest.approx(8, rel=1e-12)
    assert slit.mass / wider.mass == pytest.approx(2, rel=1e-12)
    with pytest.raises(iemlab.Error):
        iemlab.Leak(-1.0)
