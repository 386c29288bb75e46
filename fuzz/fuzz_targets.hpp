#pragma once
// The bodies of the libFuzzer targets, shared by the fuzzers (fuzz_main.cpp) and by the unit test that replays
// committed crash inputs and seeds (tests/unit/robustness/test_fuzz_regressions.cpp).
//
// A body may throw iemlab::error: that is the documented way to reject bad input. Anything else is a finding:
// another exception type, a sanitizer report, a non-finite value leaving the library, or a broken invariant
// (invariant_broken). The fuzzer turns every finding into abort(), which libFuzzer saves as crash-<hash>.
#include <iemlab/core/error.hpp>
#include <iemlab/core/quantity_parser.hpp>
#include <iemlab/dsp/sweep.hpp>
#include <iemlab/dsp/biquad.hpp>
#include <iemlab/io/equalizer_apo.hpp>
#include <iemlab/io/impedance.hpp>
#include <iemlab/io/mic_calibration.hpp>
#include <iemlab/io/response_formats.hpp>
#if defined(IEMLAB_HAVE_SNDFILE)
#include <iemlab/io/audio_file.hpp>
#endif
#if defined(IEMLAB_FUZZ_CONFIGS)
#include <iemlab/app/iem_config.hpp>
#include <iemlab/app/rig_config.hpp>
#endif

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

namespace iemlab_fuzz {

/// A fuzz body: parses one input, throws iemlab::error to reject it, anything else is a finding.
using body_function = void (*)(const std::uint8_t*, std::size_t);
/// The body of that name in this build (fuzz_bodies.cpp), nullptr when there is none.
body_function find_body(std::string_view name);

/// A property every accepted input must have does not hold.
struct invariant_broken : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] inline void fail(const std::string& what) { throw invariant_broken(what); }

inline void require(bool ok, const char* what) {
    if (!ok) fail(what);
}

inline void require_finite(std::span<const double> values, const char* what) {
    for (double v : values)
        if (!std::isfinite(v)) fail(what);
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Runs `f`; iemlab::error is an accepted outcome, anything else propagates.
template <class F>
void accept_iemlab_errors(F&& f) {
    try {
        f();
    } catch (const iemlab::error&) {
    }
}

/// Response readers (REW, squig, AutoEq, FRD, ZMA, CSV) with the format fixed. Invariants: a parsed response
/// is non-empty with finite values (frequency_response validates order); detection either finds a table or
/// throws iemlab::error; the writer's text for the parsed response reads back in the same format, with as many
/// points for the formats that keep points (all but squig, which resamples to its fixed grid).
inline void response(iemlab::io::response_format format, const std::uint8_t* data, std::size_t size) {
    using namespace iemlab;
    const std::string_view text = as_text(data, size);
    accept_iemlab_errors([&] { (void)io::detect_format(text, "fuzz"); });
    accept_iemlab_errors([&] {
        const frequency_response r = io::parse_response(text, "fuzz.txt", format);
        require(!r.empty(), "parsed response is empty");
        require_finite(r.frequencies(), "non-finite frequency");
        require_finite(r.magnitude_db(), "non-finite level");
        require_finite(r.phase_deg(), "non-finite phase");
        const std::string written = io::format_response(r, format);
        frequency_response back;
        try {
            back = io::parse_response(written, "roundtrip.txt", format);
        } catch (const iemlab::error& e) {
            fail(std::string("written text does not read back: ") + e.what());
        }
        if (format != io::response_format::squig)
            require(back.size() == r.size(), "round trip changed the number of points");
    });
}

/// response() for each format: the entry points of the fuzz_<format> executables.
inline void rew(const std::uint8_t* d, std::size_t n) { response(iemlab::io::response_format::rew, d, n); }
/// squig.link text.
inline void squig(const std::uint8_t* d, std::size_t n) { response(iemlab::io::response_format::squig, d, n); }
/// AutoEq CSV.
inline void autoeq(const std::uint8_t* d, std::size_t n) { response(iemlab::io::response_format::autoeq, d, n); }
/// FRD.
inline void frd(const std::uint8_t* d, std::size_t n) { response(iemlab::io::response_format::frd, d, n); }
/// ZMA read as a response (dB re 1 ohm).
inline void zma(const std::uint8_t* d, std::size_t n) { response(iemlab::io::response_format::zma, d, n); }
/// iemlab CSV.
inline void csv(const std::uint8_t* d, std::size_t n) { response(iemlab::io::response_format::csv, d, n); }

/// Impedance curves (ZMA, REW impedance export): a parsed curve validates, and format_impedance()'s text reads
/// back with as many points.
inline void impedance(const std::uint8_t* data, std::size_t size) {
    using namespace iemlab;
    accept_iemlab_errors([&] {
        const io::impedance_curve z = io::parse_impedance(as_text(data, size), "fuzz.zma");
        try {
            z.validate();
        } catch (const iemlab::error& e) {
            fail(std::string("parsed curve does not validate: ") + e.what());
        }
        const std::string written = io::format_impedance(z);
        io::impedance_curve back;
        try {
            back = io::parse_impedance(written, "roundtrip.zma");
        } catch (const iemlab::error& e) {
            fail(std::string("written text does not read back: ") + e.what());
        }
        require(back.size() == z.size(), "round trip changed the number of points");
    });
}

/// Microphone calibration files: parse, then apply the correction to a fixed measurement (DC point, phase);
/// every value leaving the library is finite.
inline void mic_cal(const std::uint8_t* data, std::size_t size) {
    using namespace iemlab;
    accept_iemlab_errors([&] {
        const io::mic_calibration cal = io::parse_mic_calibration(as_text(data, size), "fuzz.cal");
        if (cal.sensitivity_db) require(std::isfinite(*cal.sensitivity_db), "non-finite sensitivity");
        if (cal.gain_db) require(std::isfinite(*cal.gain_db), "non-finite gain");
        static const frequency_response measured({0.0, 20.0, 1000.0, 20000.0, 96000.0}, {90, 95, 100, 95, 60},
                                                 {0, -10, -90, -170, 179});
        const frequency_response corrected = io::apply_mic_calibration(measured, cal);
        require(corrected.size() == measured.size(), "calibration changed the number of points");
        require_finite(corrected.magnitude_db(), "non-finite corrected level");
        require_finite(corrected.phase_deg(), "non-finite corrected phase");
    });
}

/// Equalizer APO parametric EQ text: parse; every filter read either evaluates to finite levels or is refused
/// with an iemlab::error; the text written from what was read parses back to the same filters.
inline void equalizer_apo(const std::uint8_t* data, std::size_t size) {
    using namespace iemlab;
    accept_iemlab_errors([&] {
        const io::apo_parametric_eq eq = io::parse_parametric_eq(as_text(data, size), "fuzz.txt");
        require(std::isfinite(eq.preamp_db), "non-finite preamp");
        static const std::vector<double> f{0.0, 20.0, 1000.0, 20000.0, 24000.0};
        for (const auto& filter : eq.filters) {
            const std::vector<dsp::biquad_filter> one{filter};
            require_finite(dsp::cascade_magnitude_db(one, f, 48000), "non-finite biquad level");
        }
    });
}

/// The quantity parser and the other name parsers the CLI feeds with user text. The first byte picks the kind
/// (byte % 11) and whether the kind's SI unit is passed as the default unit ((byte / 11) odd); the rest is the
/// text. A parsed value is finite, and above 0 K for temperatures.
inline void quantity(const std::uint8_t* data, std::size_t size) {
    using namespace iemlab;
    if (size == 0) return;
    const auto kind = static_cast<quantity_kind>(data[0] % 11);
    const bool with_default = (data[0] / 11) % 2 == 1;
    const std::string_view text = as_text(data + 1, size - 1);
    static constexpr std::string_view si_units[11] = {"Hz", "s", "m", "m2", "m3", "Pa", "ohm", "K", "dBFS", "dB", ""};
    accept_iemlab_errors([&] {
        const double v = parse_quantity(text, kind, "--fuzz", with_default ? si_units[data[0] % 11] : "");
        require(std::isfinite(v), "non-finite quantity");
        if (kind == quantity_kind::temperature) require(v > 0, "temperature at or below 0 K");
    });
    accept_iemlab_errors([&] { require(std::isfinite(parse_frequency(text, "--f").value()), "non-finite frequency"); });
    accept_iemlab_errors([&] { require(parse_temperature(text, "--t").value() > 0, "temperature at or below 0 K"); });
    accept_iemlab_errors([&] { (void)io::parse_format_name(text, "--format"); });
    accept_iemlab_errors([&] { (void)io::format_from_extension(std::string(text)); });
}

/// The sweep metadata parser (swept_sine::from_metadata), which reads a recording's comment: a rebuilt sweep
/// has finite parameters and >= 64 samples; short sweeps are rendered (samples finite, |x| <= 1); the metadata
/// written for the rebuilt sweep rebuilds it with the same length.
inline void sweep_metadata(const std::uint8_t* data, std::size_t size) {
    using namespace iemlab;
    accept_iemlab_errors([&] {
        const dsp::swept_sine s = dsp::swept_sine::from_metadata(as_text(data, size));
        const auto& p = s.parameters();
        require_finite(std::vector<double>{p.f1_hz, p.f2_hz, p.duration_s, p.rate_hz, p.rate_constant_s, p.fade_in_s,
                                           p.fade_out_s, p.amplitude},
                       "non-finite sweep parameter");
        require(s.size() >= 64, "sweep shorter than 64 samples");
        if (s.size() <= (1u << 16)) {
            std::vector<float> out(s.size());
            s.generate(std::span<float>(out));
            for (float x : out) require(std::isfinite(x) && std::fabs(x) <= 1.0f, "sample not finite or beyond full scale");
        }
        try {
            require(dsp::swept_sine::from_metadata(s.to_metadata()).size() == s.size(),
                    "metadata round trip changed the length");
        } catch (const iemlab::error& e) {
            fail(std::string("metadata written for a valid sweep does not rebuild it: ") + e.what());
        }
    });
}

#if defined(IEMLAB_FUZZ_CONFIGS)
/// IEM.json (docs/iem-config.md): an accepted configuration has at least one driver whose electrical
/// impedance is finite at 20 Hz, 1 kHz and 20 kHz, and a finite, non-negative source impedance.
/// `zma:` paths resolve inside a folder that does not exist, so file references fail with iemlab::error.
inline void iem_config(const std::uint8_t* data, std::size_t size) {
    using namespace iemlab;
    accept_iemlab_errors([&] {
        const app::iem_config c = app::parse_iem_config(as_text(data, size), "fuzz.json", "/nonexistent-iemlab-fuzz");
        require(!c.iem.drivers().empty(), "accepted IEM without drivers");
        static const network::grid grid(std::vector<double>{20.0, 1000.0, 20000.0});
        for (const auto& d : c.iem.drivers()) require(d.driver.impedance(grid).all_finite(), "non-finite driver impedance");
        if (c.source_impedance_ohm)
            require(std::isfinite(*c.source_impedance_ohm) && *c.source_impedance_ohm >= 0, "bad source impedance");
    });
}

/// Rig configuration JSON (docs/rig-config.md): an accepted configuration has at least one IEM, a sample rate
/// in [8 kHz, 384 kHz], a sweep inside (0, rate/2) with f1 < f2, and finite levels. File references resolve
/// inside a folder that does not exist.
inline void rig_config(const std::uint8_t* data, std::size_t size) {
    using namespace iemlab;
    accept_iemlab_errors([&] {
        const app::rig_config c = app::parse_rig_config(as_text(data, size), "fuzz.json", "/nonexistent-iemlab-fuzz");
        require(!c.iems.empty(), "accepted rig without IEMs");
        require(c.rig.rate_hz >= 8000 && c.rig.rate_hz <= 384000, "rate out of range");
        const auto& sw = c.session.sweep;
        require(sw.f1_hz > 0 && sw.f1_hz < sw.f2_hz && sw.f2_hz <= c.rig.rate_hz / 2, "sweep band not inside (0, rate/2]");
        require(std::isfinite(sw.level_dbfs) && std::isfinite(sw.duration_s), "non-finite sweep level or duration");
    });
}
#endif

#if defined(IEMLAB_HAVE_SNDFILE)
namespace detail {

inline std::filesystem::path scratch_file(std::string_view suffix) {
    std::error_code ec;
    const std::filesystem::path dir =
        std::filesystem::is_directory("/dev/shm", ec) ? std::filesystem::path("/dev/shm") : std::filesystem::temp_directory_path();
    return dir / ("iemlab-fuzz-" + std::to_string(getpid()) + std::string(suffix));
}

template <class T>
void check_clip(const iemlab::io::audio_clip<T>& clip) {
    require(!clip.channels.empty() && clip.frames() > 0, "empty clip returned");
    for (const auto& ch : clip.channels) {
        require(ch.size() == clip.frames(), "ragged channels");
        for (std::size_t i = 0; i < ch.size(); ++i) require(std::isfinite(ch[i]), "non-finite sample");
    }
}

/// Removes a scratch file when it goes out of scope.
struct scratch_path {
    std::filesystem::path path;
    ~scratch_path() {
        std::error_code ec;
        std::filesystem::remove(path, ec);
        std::filesystem::remove(path.string() + ".partial", ec);
    }
};

} // namespace detail

/// Audio files through the libsndfile adapter (read_audio takes a path: the bytes go to a per-process scratch
/// file). A clip that reads has finite samples and consistent channels; written back as float WAV it reads again
/// with the same shape; sweep metadata in its comment only ever fails with iemlab::error.
inline void wav(const std::uint8_t* data, std::size_t size) {
    using namespace iemlab;
    const detail::scratch_path in{detail::scratch_file(".wav")}, out{detail::scratch_file("-out.wav")};
    {
        std::ofstream f(in.path, std::ios::binary | std::ios::trunc);
        f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    accept_iemlab_errors([&] {
        const auto clip = io::read_audio<float>(in.path);
        detail::check_clip(clip);
        if (dsp::swept_sine::has_metadata(clip.comment))
            accept_iemlab_errors([&] { (void)dsp::swept_sine::from_metadata(clip.comment); });
        if (clip.frames() * clip.channels.size() <= (1u << 20)) {
            io::audio_clip<float> copy = clip;
            copy.format = io::sample_format::float32;
            io::write_audio(out.path, copy);
            const auto back = io::read_audio<float>(out.path);
            detail::check_clip(back);
            require(back.frames() == clip.frames() && back.channels.size() == clip.channels.size(),
                    "WAV round trip changed the shape");
        }
    });
    accept_iemlab_errors([&] { detail::check_clip(io::read_audio<double>(in.path)); });
}
#endif

} // namespace iemlab_fuzz
