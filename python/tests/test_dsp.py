"""Sweeps, deconvolution and harmonic analysis against closed forms and scipy.signal."""
import numpy as np
import pytest
import scipy.signal

import iemlab

RATE = 48000.0


def rbj_peaking(fc, gain_db, q, fs):
    """RBJ Audio EQ Cookbook peaking filter (b, a), written here from the cookbook's formulas."""
    a = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * fc / fs
    alpha = np.sin(w0) / (2 * q)
    b = np.array([1 + alpha * a, -2 * np.cos(w0), 1 - alpha * a])
    den = np.array([1 + alpha / a, -2 * np.cos(w0), 1 - alpha / a])
    return b / den[0], den / den[0]


def test_sweep_matches_the_closed_form():
    # Novak 2015: x(t) = sin(2π f1 L (e^{t/L} − 1)), L = round(f1·T/ln(f2/f1))/f1; samples outside the fades.
    s = iemlab.Sweep("synchronized", f1=20, f2=20000, duration=1.0, rate=RATE)
    L = round(20 * 1.0 / np.log(1000)) / 20
    assert s.rate_constant == pytest.approx(L, rel=1e-12)
    x = s.samples()
    t = np.arange(len(x)) / RATE
    expected = np.sin(2 * np.pi * 20 * L * (np.exp(t / L) - 1))
    inner = (t > s.fade_in) & (t < s.duration - s.fade_out)
    assert np.max(np.abs(x[inner] - expected[inner])) < 1e-9
    assert s.samples(np.float32).dtype == np.float32
    assert iemlab.Sweep.from_metadata(s.metadata()).metadata() == s.metadata()
    assert s.harmonic_delay(2) == pytest.approx(L * np.log(2))


@pytest.mark.parametrize("method", ["synchronized", "farina", "kirkeby"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_biquad_through_a_sweep_deconvolves_to_freqz(sweep, method, dtype):
    # Truth: scipy.signal filters the sweep and computes the filter's response (freqz).
    b, a = rbj_peaking(1000, 6, 1.0, RATE)
    x = sweep.samples()
    y = scipy.signal.lfilter(b, a, np.concatenate([x, np.zeros(4800)])).astype(dtype)
    plan = iemlab.Deconvolver(sweep, len(y), method=method, dtype=dtype)
    h = plan(y)
    assert h.dtype == dtype and h.shape == (plan.fft_size,)
    # The whole circular response (the band edges' pre-ringing wraps to its end) on its own bins.
    f = np.fft.rfftfreq(len(h), 1 / RATE)
    measured = 20 * np.log10(np.abs(np.fft.rfft(h.astype(np.float64))))
    _, expected = scipy.signal.freqz(b, a, worN=f, fs=RATE)
    band = (f >= 100) & (f <= 10000)
    tolerance = 0.01 if dtype == np.float64 else 0.02
    assert np.max(np.abs(measured[band] - 20 * np.log10(np.abs(expected[band])))) < tolerance


def test_stereo_arrays_and_dtypes(sweep):
    x = sweep.samples()
    y = np.stack([np.concatenate([0.5 * x, np.zeros(100)]), np.concatenate([np.zeros(100), 0.25 * x])])
    plan = iemlab.Deconvolver(sweep, y.shape[1])
    h = plan(y)
    assert h.shape == (2, plan.fft_size)
    assert np.argmax(np.abs(h[0])) == 0 and np.argmax(np.abs(h[1])) == 100
    assert np.allclose(h[1], plan(y[1]))
    # A float32 plan takes float64 input (converted) and returns float32.
    plan32 = iemlab.Deconvolver(sweep, y.shape[1], dtype=np.float32)
    assert plan32(y).dtype == np.float32
    assert np.max(np.abs(plan32(y) - h)) < 1e-4


def test_harmonic_distortion_of_a_square_law(sweep):
    # y = x + a2·x²: for x = A·sin, HD2 = a2·A/2 re the fundamental (closed form), THD_F the same.
    A, a2 = 0.5, 0.02
    x = A * sweep.samples()
    y = np.concatenate([x + a2 * x * x, np.zeros(9600)])
    settings = iemlab.AnalysisSettings(f_min=50, f_max=10000, harmonics=3, normalize_at=None)
    analyzer = iemlab.Analyzer(sweep, len(y), settings, excitation=x / A)
    result = analyzer.analyze(y / 1.0)
    d = result.distortion
    band = (d.frequency >= 100) & (d.frequency <= 4000)
    hd2 = d.hd_db[0][band]
    assert np.max(np.abs(hd2 - 20 * np.log10(a2 * A / 2))) < 0.1
    assert np.max(np.abs(d.thd_percent[band] - 100 * a2 * A / 2)) < 0.01
    # The linear response: gain A (x is A times the sweep) plus the square law's DC-free part: flat at 20·log10 A.
    f = result.response.frequency
    mid = (f >= 100) & (f <= 10000)
    assert np.max(np.abs(result.response.db[mid] - 20 * np.log10(A))) < 0.02
    assert abs(result.latency) < 0.01


def test_analyzer_smoothing_and_impulse_response(sweep):
    x = sweep.samples()
    y = np.concatenate([np.zeros(48), 0.5 * x, np.zeros(4800)])
    a = iemlab.Analyzer(sweep, len(y), iemlab.AnalysisSettings(smoothing="1/3", harmonics=1, normalize_at=None))
    r = a.analyze(y)
    assert r.latency == pytest.approx(48, abs=0.01)
    assert np.max(np.abs(r.response.db - 20 * np.log10(0.5))) < 0.02
    assert a.impulse_response(y).shape == (a.fft_size,)
    with pytest.raises(iemlab.Error, match="1-D"):
        a.impulse_response(np.stack([y, y]))
    assert a.band[0] >= sweep.full_energy_band[0]


def test_output_buffer_is_reused(sweep):
    x = sweep.samples(np.float32)
    y = np.stack([x, 0.5 * x])
    plan = iemlab.Deconvolver(sweep, len(x), dtype=np.float32)
    out = np.empty((2, plan.fft_size), dtype=np.float32)
    assert plan(y, out=out) is out
    assert np.array_equal(out, plan(y))
    with pytest.raises(iemlab.Error, match="out"):
        plan(y, out=np.empty((2, plan.fft_size), dtype=np.float64))
    with pytest.raises(iemlab.Error, match="out"):
        plan(y, out=np.empty((1, plan.fft_size), dtype=np.float32))
