#pragma once
/// @file
/// @brief Fractional-octave, variable, psychoacoustic and ERB smoothing of frequency responses, O(N) for any
/// band width, on any grid (FFT bins, log grids, irregular grids).
///
/// ## Definition (Tylka, Boren & Choueiri 2017)
/// The smoothed value at a centre frequency f_c is `S = g⁻¹( mean of g over the band )`, where the band is
/// `[f_c·2^(−B/2), f_c·2^(B/2)]` (B in octaves, from a smoothing_width rule) and g maps the level to the
/// averaging domain (smoothing_domain: power |H|², magnitude |H|, dB, cubic |H|³, complex H).
/// The mean is the exact integral mean of the data read as piecewise linear between the grid points:
/// - smoothing_weighting::log_frequency (default): g is linear in ln f between points and the mean is taken
///   over ln f (measure d ln f; Tylka et al. 2017, pyfar). A constant per octave; narrow bands at low
///   frequency, holding less than one FFT bin, degrade smoothly to interpolation instead of jumping;
/// - smoothing_weighting::linear_frequency: g is linear in f and the mean is taken over f (measure df, "per FFT bin").
///
/// **Edges (our choice).** A band that would extend beyond the data is shrunk symmetrically about its centre
/// (edge_rule::shrink, default): the first and last points are returned unchanged and a straight line in
/// ln f stays exactly a straight line up to the ends. edge_rule::truncate clips the band and renormalises.
/// Output frequencies outside the input range take the end values. An input point at 0 Hz (DC bin) is not
/// smoothed with log weighting (ln 0 does not exist): it is passed through to an output at 0 Hz.
///
/// **Passes.** `passes = k > 1` applies k rectangles in a row on the input grid (the last one onto the output
/// grid), tending to a Gaussian kernel (REW describes its smoothing as repeated rectangles). Each pass is
/// B/√k wide by default, so the kernel's standard deviation equals that of one B-wide rectangle (B/√12);
/// pass_width::full makes every pass B wide, REW's literal wording (σ = B·√(k/12)). REW's exact kernel and
/// averaging quantity are not published; what iemlab reproduces of REW are its width rules: Variable (1/48 oct
/// below 100 Hz, 1/6 at 1 kHz, 1/3 above 10 kHz), Psychoacoustic (1/3 below 100 Hz, 1/6 above 1 kHz, cubic
/// mean) and ERB (107.77·f_kHz + 24.673 Hz), and its fixed fractions 1/1…1/48 (plus 1/96 and finer).
///
/// **Algorithm (O(N + M)).** Per pass, the band integral is built from whole-segment integrals kept in a
/// sliding sum (band edges move monotonically with the centre) plus two partial segments at the edges —
/// §2.3(2), "native grid, exact rectangle", with the cumulative sum held over the band only. A sliding sum
/// loses digits when the band slides from loud into quiet data; the sum is recomputed exactly whenever what
/// has left it exceeds 2^20 times what remains, so the relative error stays near 1e-10 at any dynamic range.

#include "iemlab/core/aligned_buffer.hpp"
#include "iemlab/core/decibel.hpp"
#include "iemlab/core/enum_name.hpp"
#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/core/simd.hpp"
#include "iemlab/core/simd_dispatch.hpp"
#include "iemlab/dsp/detail/smoothing_kernels.hpp"
#include "iemlab/dsp/phase.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <numbers>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::dsp {

/// The band width B(f) in octaves as a function of the centre frequency.
class smoothing_width {
public:
    /// The kinds of width rule.
    enum class rule {
        fixed,          ///< constant B octaves (1/N octave smoothing)
        variable,       ///< REW "Variable": 1/48 oct ≤ 100 Hz, 1/6 at 1 kHz, 1/3 ≥ 10 kHz
        psychoacoustic, ///< REW "Psychoacoustic" widths: 1/3 oct ≤ 100 Hz, 1/6 ≥ 1 kHz
        erb,            ///< one equivalent rectangular bandwidth, E = 24.673 + 107.77·f_kHz Hz
    };

    /// 1/`denominator` octave, e.g. fraction(3) for third-octave smoothing (1 <= denominator <= 384).
    static smoothing_width fraction(double denominator) {
        require_in_range("smoothing_width::fraction", "denominator", denominator, 1, 384, "");
        return smoothing_width(rule::fixed, 1.0 / denominator);
    }
    /// A fixed width of `octaves` (1/384 <= octaves <= 10).
    static smoothing_width octaves(double octaves) {
        require_in_range("smoothing_width::octaves", "octaves", octaves, 1.0 / 384, 10, "oct");
        return smoothing_width(rule::fixed, octaves);
    }
    /// REW's Variable smoothing widths: log2 B linear in log f through (100 Hz, 1/48), (1 kHz, 1/6),
    /// (10 kHz, 1/3), constant outside (the transition shape is our choice; REW does not document it).
    static smoothing_width variable() { return smoothing_width(rule::variable, 0); }
    /// REW's Psychoacoustic widths: 1/3 oct below 100 Hz, 1/6 above 1 kHz, log2 B linear in log f between
    /// (combine with smoothing_domain::cubic, REW's cubic mean).
    static smoothing_width psychoacoustic() { return smoothing_width(rule::psychoacoustic, 0); }
    /// One ERB (Glasberg & Moore 1990 as REW states it: E = 107.77·f_kHz + 24.673 Hz) centred geometrically:
    /// B = (2/ln 2)·asinh(E/(2f)); 0.85 oct at 50 Hz, 0.51 at 100 Hz, 0.19 at 1 kHz.
    static smoothing_width erb() { return smoothing_width(rule::erb, 0); }

    /// The rule.
    rule kind() const noexcept { return rule_; }
    /// Band width in octaves at `f_hz` (> 0).
    double octaves_at(double f_hz) const noexcept {
        switch (rule_) {
        case rule::fixed: return fixed_;
        case rule::variable:
            return piecewise_log2(f_hz, {{100, 1.0 / 48}, {1000, 1.0 / 6}, {10000, 1.0 / 3}});
        case rule::psychoacoustic: return piecewise_log2(f_hz, {{100, 1.0 / 3}, {1000, 1.0 / 6}});
        case rule::erb: {
            const double e = 24.673 + 107.77 * f_hz / 1000.0;
            return 2.0 / std::numbers::ln2 * std::asinh(e / (2.0 * f_hz));
        }
        }
        return fixed_;
    }
    /// Short description, e.g. "1/3 octave", "variable", "erb".
    std::string describe() const {
        switch (rule_) {
        case rule::fixed: {
            const double n = 1.0 / fixed_;
            return "1/" + format_number(std::fabs(n - std::round(n)) < 1e-9 ? std::round(n) : n) + " octave";
        }
        case rule::variable: return "variable";
        case rule::psychoacoustic: return "psychoacoustic";
        case rule::erb: return "erb";
        }
        return {};
    }

private:
    smoothing_width(rule r, double fixed) : rule_(r), fixed_(fixed) {}
    struct node {
        double f, b;
    };
    // log2 B linear in log f between nodes, constant outside.
    static double piecewise_log2(double f, std::initializer_list<node> nodes) noexcept {
        const node* p = nodes.begin();
        const std::size_t n = nodes.size();
        if (f <= p[0].f) return p[0].b;
        for (std::size_t i = 0; i + 1 < n; ++i) {
            if (f <= p[i + 1].f) {
                if (p[i + 1].f == p[i].f) return p[i + 1].b;
                const double t = std::log(f / p[i].f) / std::log(p[i + 1].f / p[i].f);
                return std::exp2(std::log2(p[i].b) + t * (std::log2(p[i + 1].b) - std::log2(p[i].b)));
            }
        }
        return p[n - 1].b;
    }

    rule rule_;
    double fixed_;
};

/// The quantity averaged inside the band.
enum class smoothing_domain {
    power,     ///< |H|², then √ (energy-consistent; the default)
    magnitude, ///< |H| (pyfar, ITA "Abs", ARTA)
    db,        ///< 20·log10|H|: geometric mean (AutoEq, CrinGraph)
    cubic,     ///< |H|³, then ∛ (REW Psychoacoustic's cubic mean; weights peaks)
    complex,   ///< H itself (remove the bulk delay first, or the band average cancels)
};

/// Name of an averaged quantity ("power", "magnitude", "db", "cubic", "complex").
constexpr std::string_view to_string(smoothing_domain d) noexcept {
    switch (d) {
    case smoothing_domain::power: return "power";
    case smoothing_domain::magnitude: return "magnitude";
    case smoothing_domain::db: return "db";
    case smoothing_domain::cubic: return "cubic";
    case smoothing_domain::complex: return "complex";
    }
    return "power";
}

/// Parses an averaged quantity's name; throws iemlab::error naming `parameter` otherwise.
inline smoothing_domain parse_smoothing_domain(std::string_view name, std::string_view parameter = "domain") {
    return parse_enum_name("parse_smoothing_domain", parameter, name,
                           {smoothing_domain::power, smoothing_domain::magnitude, smoothing_domain::db,
                            smoothing_domain::cubic, smoothing_domain::complex});
}

/// The measure the band mean is taken over.
enum class smoothing_weighting {
    log_frequency,    ///< d ln f: each fraction of an octave counts the same (default)
    linear_frequency, ///< df: each hertz (FFT bin) counts the same
};

/// What happens to a band that would reach beyond the data.
enum class edge_rule {
    shrink,   ///< shrink the band symmetrically about its centre (default)
    truncate, ///< cut the band at the data's end and average what remains
};

/// Width of each of several passes.
enum class pass_width {
    equal_variance, ///< B/√passes each: the combined kernel has the standard deviation of one B rectangle
    full,           ///< B each (REW's wording): the combined kernel is √passes times wider
};

/// Options of a fractional_octave_smoother beyond the width rule.
struct smoothing_options {
    smoothing_domain domain = smoothing_domain::power;              ///< averaged quantity
    smoothing_weighting weighting = smoothing_weighting::log_frequency; ///< measure of the band mean
    edge_rule edges = edge_rule::shrink;                           ///< bands at the ends of the data
    unsigned passes = 1;                                           ///< rectangles applied in a row (1…16)
    pass_width widths = pass_width::equal_variance;                ///< width of each pass when passes > 1
    simd_level level = default_simd_level();                       ///< kernels' SIMD level (exp, log, sums)
};

namespace detail {

/// One band of a pass on the coordinate axis, with what execution needs precomputed (32 bytes: at 2^20 bands
/// reading the band table is a large share of the memory traffic).
struct smoothing_band {
    std::uint32_t lo_segment, hi_segment; // segments holding the ends; segment s spans points s and s+1
    double lo_t, hi_t;                    // where the ends lie inside their segments, 0…1
    double inverse_width;                 // 1/(hi − lo); 0 for an empty band (its value is the point at lo)
};

/// Sliding, self-refreshing sum of whole-segment integrals w[j] (see the file documentation).
class segment_window {
public:
    explicit segment_window(const double* w) : w_(w) {}
    /// Makes the window hold segments [begin, end) and returns their integral.
    double move_to(std::size_t begin, std::size_t end) noexcept {
        if (begin >= end) {
            begin_ = end_ = begin;
            sum_ = magnitude_ = churn_ = 0;
            return 0;
        }
        if (begin >= end_ || end <= begin_) { // disjoint: start afresh
            begin_ = end_ = begin;
            sum_ = magnitude_ = churn_ = 0;
        }
        while (end_ < end) add(w_[end_++]);
        while (end_ > end) remove(w_[--end_]);
        while (begin_ > begin) add(w_[--begin_]);
        while (begin_ < begin) remove(w_[begin_++]);
        if (churn_ > refresh_ratio * magnitude_) refresh();
        return sum_;
    }

private:
    static constexpr double refresh_ratio = 1048576.0; // 2^20: lose at most ~6 of 16 digits before recomputing
    void add(double v) noexcept {
        sum_ += v;
        magnitude_ += std::fabs(v);
        churn_ += std::fabs(v);
    }
    void remove(double v) noexcept {
        sum_ -= v;
        magnitude_ -= std::fabs(v);
        churn_ += std::fabs(v);
    }
    void refresh() noexcept {
        sum_ = magnitude_ = 0;
        for (std::size_t j = begin_; j < end_; ++j) {
            sum_ += w_[j];
            magnitude_ += std::fabs(w_[j]);
        }
        churn_ = magnitude_;
    }

    const double* w_;
    std::size_t begin_ = 0, end_ = 0;
    double sum_ = 0, magnitude_ = 0, churn_ = 0;
};

/// Bands handled between two calls of band_means()'s prepare/finish callbacks: their inputs and outputs stay in
/// cache between the element-wise kernels and the band loop.
inline constexpr std::size_t bands_per_chunk = 1024;

/// Band means of g (piecewise linear over the coordinates, segment integrals w) for each band; O(points +
/// bands) when band edges are monotone, correct (but slower) when they are not. Works in chunks of bands: before
/// a chunk that reads further than any before it, `prepare(points)` must make g[0, points) and w[0, points − 1)
/// valid (points only grows); after each chunk, `finish(k0, k1)` may transform out[k0, k1) in place.
template <class Prepare, class Finish>
void band_means(std::span<const double> g, std::span<const double> half_dx, std::span<const double> w,
                std::span<const smoothing_band> bands, double* out, Prepare&& prepare, Finish&& finish) {
    segment_window window(w.data());
    const std::size_t last = g.size() - 1;
    std::size_t prepared = 0;
    for (std::size_t k0 = 0; k0 < bands.size(); k0 += bands_per_chunk) {
        const std::size_t k1 = std::min(bands.size(), k0 + bands_per_chunk);
        std::size_t reach = 0; // furthest point the chunk reads: g[hi_segment + 1]
        for (std::size_t k = k0; k < k1; ++k) reach = std::max<std::size_t>(reach, bands[k].hi_segment);
        if (reach + 2 > prepared) prepare(prepared = std::min(reach + 2, g.size()));
        for (std::size_t k = k0; k < k1; ++k) {
            const smoothing_band& b = bands[k];
            const std::size_t a = b.lo_segment, z = b.hi_segment;
            const double g_a1 = g[std::min(a + 1, last)], g_z1 = g[std::min(z + 1, last)];
            const double ga = g[a] + b.lo_t * (g_a1 - g[a]), gz = g[z] + b.hi_t * (g_z1 - g[z]);
            if (b.inverse_width == 0) {
                out[k] = ga;
            } else if (a == z) {
                out[k] = 0.5 * (ga + gz); // the window stays where it is: the next move is short
            } else {
                // Partial end segments: (x[a+1] − lo) = 2·half_dx[a]·(1 − lo_t), (hi − x[z]) = 2·half_dx[z]·hi_t.
                const double integral = half_dx[a] * (1 - b.lo_t) * (ga + g_a1) + window.move_to(a + 1, z) +
                                        half_dx[z] * b.hi_t * (g[z] + gz);
                out[k] = integral * b.inverse_width;
            }
        }
        finish(k0, k1);
    }
}

/// Segment index s with x[s] <= u <= x[s+1] (s <= n-2), found by walking from `hint`.
inline std::size_t locate_segment(std::span<const double> x, double u, std::size_t hint) noexcept {
    const std::size_t last = x.size() >= 2 ? x.size() - 2 : 0;
    std::size_t s = std::min(hint, last);
    while (s < last && x[s + 1] < u) ++s;
    while (s > 0 && x[s] > u) --s;
    return s;
}

} // namespace detail

/// Smoothing plan for one input grid, one output grid and one width rule (definition in the file
/// documentation). Immutable; execute_*() take caller scratch of scratch_size() doubles and allocate nothing.
class fractional_octave_smoother {
public:
    /// Plans smoothing on `frequency_hz` (output on the same grid).
    fractional_octave_smoother(std::span<const double> frequency_hz, smoothing_width width,
                               smoothing_options options = {})
        : fractional_octave_smoother(frequency_hz, frequency_hz, width, options) {}

    /// Plans smoothing of data on `input_hz`, evaluated at `output_hz` (band centres; any strictly increasing
    /// grid, e.g. a coarser log grid for display).
    fractional_octave_smoother(std::span<const double> input_hz, std::span<const double> output_hz,
                               smoothing_width width, smoothing_options options = {})
        : width_(width), options_(options), input_hz_(input_hz.begin(), input_hz.end()),
          output_hz_(output_hz.begin(), output_hz.end()) {
        constexpr const char* where = "fractional_octave_smoother";
        require_valid_grid("fractional_octave_smoother", "input_hz", input_hz_);
        require_valid_grid("fractional_octave_smoother", "output_hz", output_hz_);
        options_.level = dispatchable_simd_level(std::min(options.level, cpu_simd_level())); // the level that runs
        if (options.passes < 1 || options.passes > 16)
            throw_out_of_range(where, "passes", options.passes, "", "1 <= passes <= 16");
        const bool log_axis = options.weighting == smoothing_weighting::log_frequency;
        first_ = (log_axis && input_hz_[0] == 0) ? 1 : 0;
        if (input_hz_.size() <= first_) throw_invalid(where, "input_hz", "needs a frequency above 0 Hz");
        coordinate_.resize(input_hz_.size() - first_);
        for (std::size_t i = first_; i < input_hz_.size(); ++i)
            coordinate_[i - first_] = log_axis ? std::log(input_hz_[i]) : input_hz_[i];
        half_dx_.resize(coordinate_.size() > 0 ? coordinate_.size() - 1 : 0);
        for (std::size_t j = 0; j < half_dx_.size(); ++j) half_dx_[j] = 0.5 * (coordinate_[j + 1] - coordinate_[j]);
        if (coordinate_.size() > 0xFFFFFFF0u) throw_out_of_range(where, "input size", double(input_hz_.size()), "", "< 2^32");
        const double scale =
            options.passes > 1 && options.widths == pass_width::equal_variance ? 1.0 / std::sqrt(double(options.passes)) : 1.0;
        output_bands_ = make_bands(output_hz_, scale, output_dc_);
        if (options.passes > 1) {
            std::vector<std::uint8_t> ignored;
            input_bands_ = make_bands(std::span<const double>(input_hz_).subspan(first_), scale, ignored);
        }
    }

    /// The width rule.
    const smoothing_width& width() const noexcept { return width_; }
    /// The options.
    const smoothing_options& options() const noexcept { return options_; }
    /// Input frequencies, Hz.
    const std::vector<double>& input_frequencies() const noexcept { return input_hz_; }
    /// Output frequencies (band centres), Hz.
    const std::vector<double>& output_frequencies() const noexcept { return output_hz_; }
    /// Number of input points.
    std::size_t input_size() const noexcept { return input_hz_.size(); }
    /// Number of output points.
    std::size_t output_size() const noexcept { return output_hz_.size(); }
    /// Doubles of scratch every execute_*() call needs.
    std::size_t scratch_size() const noexcept { return 4 * input_hz_.size(); }

    /// Band means of a real sequence that is already in the averaging domain (the domain option is ignored):
    /// the linear core of every smoothing, usable for any quantity (phase, group delay, power spectra).
    /// @throws iemlab::error on wrong sizes or when `in` and `out` overlap.
    void execute_values(std::span<const double> in, std::span<double> out, std::span<double> scratch) const {
        check_sizes("execute_values", in.size(), out.size(), scratch.size());
        check_apart("execute_values", in, out);
        run(in, out, scratch);
    }

    /// Smooths levels in dB (in the configured domain; smoothing_domain::complex is not allowed here, there is
    /// no phase) into dB; power, magnitude and cubic means are never below db_floor.
    /// @throws iemlab::error on wrong sizes or when `in_db` and `out_db` overlap.
    void execute_db(std::span<const double> in_db, std::span<double> out_db, std::span<double> scratch) const {
        check_sizes("execute_db", in_db.size(), out_db.size(), scratch.size());
        check_apart("execute_db", in_db, out_db);
        if (options_.domain == smoothing_domain::complex)
            throw_invalid("fractional_octave_smoother::execute_db", "domain",
                          "complex smoothing needs a phase: use execute_complex()");
        // Levels are taken relative to the loudest point: no overflow at any level.
        double reference = 0;
        simd_dispatch(options_.level, detail::largest_value{}, in_db.data(), in_db.size(), &reference);
        const double exponent = domain_exponent(); // g = 10^(exponent·(L − ref)/20); 0 means dB itself
        if (exponent == 0) {
            run(in_db, out_db, scratch);
            return;
        }
        // 10^(e·x/20) as exp(e·x·ln10/20), and back with log: vectorised, they are most of the arithmetic.
        const domain_map map{exponent * std::numbers::ln10 / 20.0, reference};
        run(in_db, out_db, scratch, &map);
    }

    /// Smooths complex values given as real and imaginary parts (the domain option is ignored: H is averaged).
    void execute_complex(std::span<const double> in_re, std::span<const double> in_im, std::span<double> out_re,
                         std::span<double> out_im, std::span<double> scratch) const {
        check_sizes("execute_complex", in_re.size(), out_re.size(), scratch.size());
        check_sizes("execute_complex", in_im.size(), out_im.size(), scratch.size());
        for (const auto out : {out_re, out_im})
            for (const auto in : {in_re, in_im}) check_apart("execute_complex", in, out);
        run(in_re, out_re, scratch);
        run(in_im, out_im, scratch);
    }

    /// Smooths a response on this plan's input grid. Levels are averaged in the configured domain; with
    /// smoothing_domain::complex the complex values are averaged (zero phase when the response has none).
    /// Otherwise a phase, when present, is unwrapped, averaged with the same kernel and wrapped again.
    frequency_response operator()(const frequency_response& response) const {
        constexpr const char* where = "fractional_octave_smoother";
        if (response.size() != input_hz_.size() ||
            !std::equal(input_hz_.begin(), input_hz_.end(), response.frequencies().begin()))
            throw_invalid(where, "response", "is not on the plan's input grid (use smooth() for any grid)");
        const std::size_t n = input_size(), m = output_size();
        std::vector<double> scratch(scratch_size()), db(m),
            phase(options_.domain == smoothing_domain::complex || response.has_phase() ? m : 0);
        if (options_.domain == smoothing_domain::complex) {
            std::vector<double> re(n), im(n), sre(m), sim(m);
            // Complex values relative to the loudest point, as in execute_db(): no overflow at any level.
            const double reference = *std::max_element(response.magnitude_db().begin(), response.magnitude_db().end());
            for (std::size_t i = 0; i < n; ++i) {
                const double phi = response.has_phase() ? response.phase_deg()[i] * std::numbers::pi / 180.0 : 0.0;
                const double a = std::pow(10.0, (response.magnitude_db()[i] - reference) / 20.0);
                re[i] = a * std::cos(phi);
                im[i] = a * std::sin(phi);
            }
            execute_complex(re, im, sre, sim, scratch);
            for (std::size_t k = 0; k < m; ++k) {
                const std::complex<double> h(sre[k], sim[k]);
                const double level = amplitude_to_db(std::abs(h));
                db[k] = level <= db_floor ? db_floor : std::max(db_floor, reference + level);
                phase[k] = std::arg(h) * 180.0 / std::numbers::pi;
            }
        } else {
            execute_db(response.magnitude_db(), db, scratch);
            if (response.has_phase()) {
                std::vector<double> unwrapped = unwrap_phase_deg(response.phase_deg());
                execute_values(unwrapped, phase, scratch);
                for (double& p : phase) p = wrap_phase_deg(p);
            }
        }
        return {output_hz_, std::move(db), std::move(phase), response.name()};
    }

private:
    double domain_exponent() const noexcept {
        switch (options_.domain) {
        case smoothing_domain::power: return 2;
        case smoothing_domain::magnitude: return 1;
        case smoothing_domain::cubic: return 3;
        case smoothing_domain::db:
        case smoothing_domain::complex: return 0;
        }
        return 0;
    }

    void check_sizes(const char* fn, std::size_t in, std::size_t out, std::size_t scratch) const {
        const std::string where = std::string("fractional_octave_smoother::") + fn;
        if (in != input_size())
            throw_out_of_range(where, "in.size()", double(in), "", "the plan's input size " + std::to_string(input_size()));
        if (out != output_size())
            throw_out_of_range(where, "out.size()", double(out), "", "the plan's output size " + std::to_string(output_size()));
        if (scratch < scratch_size())
            throw_out_of_range(where, "scratch.size()", double(scratch), "", ">= scratch_size() = " + std::to_string(scratch_size()));
    }

    // The band loop reads inputs behind the outputs it writes: in-place smoothing would read smoothed values.
    static void check_apart(const char* fn, std::span<const double> in, std::span<const double> out) {
        if (iemlab::detail::overlaps(in.data(), in.size(), out.data(), out.size()))
            throw_invalid(std::string("fractional_octave_smoother::") + fn, "out", "overlaps the input (smoothing is not in place)");
    }

    // Bands centred on `centres` (Hz); `dc` marks centres at 0 Hz on a log axis (passed through, not smoothed).
    std::vector<detail::smoothing_band> make_bands(std::span<const double> centres, double scale,
                                                   std::vector<std::uint8_t>& dc) const {
        const bool log_axis = options_.weighting == smoothing_weighting::log_frequency;
        const std::span<const double> x(coordinate_);
        const double x0 = x.front(), x1 = x.back();
        std::vector<detail::smoothing_band> bands(centres.size());
        dc.assign(centres.size(), 0);
        std::size_t hint_lo = 0, hint_hi = 0;
        for (std::size_t k = 0; k < centres.size(); ++k) {
            const double f = centres[k];
            double lo, hi;
            if (log_axis && f == 0) {
                dc[k] = 1;
                lo = hi = x0;
            } else {
                const double c = log_axis ? std::log(f) : f;
                if (c < x0 || c > x1) {
                    lo = hi = (c < x0 ? x0 : x1); // outside the data: the end value
                } else {
                    const double b = f > 0 ? width_.octaves_at(f) * scale : 0.0;
                    const double r = std::exp2(b / 2); // band edges f/r and f·r
                    lo = log_axis ? c - b / 2 * std::numbers::ln2 : f / r;
                    hi = log_axis ? c + b / 2 * std::numbers::ln2 : f * r;
                    if (!std::isfinite(lo) || lo < x0 || !std::isfinite(hi) || hi > x1) {
                        if (options_.edges == edge_rule::truncate) {
                            lo = std::isfinite(lo) ? std::max(lo, x0) : x0;
                            hi = std::isfinite(hi) ? std::min(hi, x1) : x1;
                        } else if (log_axis) {
                            const double half = std::min({b / 2 * std::numbers::ln2, c - x0, x1 - c});
                            lo = c - half;
                            hi = c + half;
                        } else { // symmetric in log frequency about f: ratio limited by both ends
                            const double ratio = std::min({r, f / x0, x1 / f});
                            lo = std::max(f / ratio, x0);
                            hi = std::min(f * ratio, x1);
                        }
                    }
                }
            }
            hint_lo = detail::locate_segment(x, lo, hint_lo);
            hint_hi = detail::locate_segment(x, hi, std::max(hint_hi, hint_lo));
            bands[k] = make_band(x, lo, hi, hint_lo, hint_hi);
        }
        return bands;
    }

    // The band [lo, hi] whose ends lie in segments a and z, with what band_means() needs precomputed.
    static detail::smoothing_band make_band(std::span<const double> x, double lo, double hi, std::size_t a,
                                            std::size_t z) noexcept {
        const std::size_t n = x.size();
        // Where u lies inside segment s (0 at x[s], 1 at x[s+1]); a segment past the data holds its last value.
        auto fraction = [&](double u, std::size_t s) noexcept {
            if (s + 1 >= n) return 0.0;
            const double h = x[s + 1] - x[s];
            return h > 0 ? (u - x[s]) / h : 0.0;
        };
        detail::smoothing_band b{};
        b.lo_segment = static_cast<std::uint32_t>(a);
        b.hi_segment = static_cast<std::uint32_t>(z);
        b.lo_t = fraction(lo, a);
        b.hi_t = fraction(hi, z);
        b.inverse_width = hi - lo > 0 ? 1.0 / (hi - lo) : 0.0;
        return b;
    }

    // The map of dB levels into the averaging domain, g = exp(scale·(L − offset)), and back (log, floored).
    struct domain_map {
        double scale, offset;
    };

    // Runs all passes on `in` (input grid, full size) into `out` (output grid); scratch >= 4·input size. With a
    // `map`, `in` and `out` are levels in dB: the first pass maps its input into the averaging domain and the last
    // maps its band means back. Each pass streams: the element-wise kernels (map in, segment integrals, map out)
    // run chunk by chunk just ahead of / behind the band loop and reuse its data from cache. At 2^20 points the
    // smoothing stays memory-bound all the same: the band table (32 B per band) is the largest stream.
    void run(std::span<const double> in, std::span<double> out, std::span<double> scratch,
             const domain_map* map = nullptr) const {
        const std::size_t n = input_hz_.size(), local = coordinate_.size();
        const std::span<const double> input = in.subspan(first_);
        // A value passed through unsmoothed; mapped levels get the floor the map back applies (NaN too).
        const auto through = [&](double v) { return map == nullptr || v >= db_floor ? v : db_floor; };
        if (local == 1) { // one usable point: every band is that point
            for (std::size_t k = 0; k < out.size(); ++k) out[k] = through(output_dc_[k] ? in[0] : input[0]);
            return;
        }
        std::span<double> a = scratch.subspan(0, n), b = scratch.subspan(n, n), w = scratch.subspan(2 * n, local - 1);
        const std::span<double> mapped = scratch.subspan(3 * n, local);
        std::span<const double> current = map ? mapped : input;
        for (unsigned pass = 1; pass <= options_.passes; ++pass) {
            const bool first = pass == 1, final = pass == options_.passes;
            double* target = final ? out.data() : (pass % 2 == 1 ? a : b).data();
            const bool map_in = first && map != nullptr, map_out = final && map != nullptr;
            auto prepare = [&, ready = std::size_t{0}](std::size_t points) mutable {
                if (map_in)
                    simd_dispatch(options_.level, detail::exp_of_scaled{}, input.data() + ready, mapped.data() + ready,
                                  points - ready, map->scale, map->offset);
                const std::size_t from = ready == 0 ? 0 : ready - 1; // w[j] needs g[j + 1]
                simd_dispatch(options_.level, detail::segment_integrals{}, half_dx_.data() + from, current.data() + from,
                              w.data() + from, points - 1 - from);
                ready = points;
            };
            const auto finish = [&](std::size_t k0, std::size_t k1) {
                if (map_out)
                    simd_dispatch(options_.level, detail::db_of_mean{}, target + k0, target + k0, k1 - k0,
                                  1.0 / map->scale, map->offset, db_floor);
            };
            detail::band_means(current, half_dx_, w, final ? output_bands_ : input_bands_, target, prepare, finish);
            if (!final) current = std::span<const double>(target, local);
        }
        if (output_dc_.empty() || output_dc_[0] == 0) return; // only the first centre can be 0 Hz (increasing grid)
        for (std::size_t k = 0; k < out.size() && output_dc_[k]; ++k) out[k] = through(in[0]);
    }

    smoothing_width width_;
    smoothing_options options_;
    std::vector<double> input_hz_, output_hz_;
    std::size_t first_ = 0;             // first input point on the coordinate axis (1 when a DC bin is skipped)
    std::vector<double> coordinate_;    // ln f or f of the input points from first_
    std::vector<double> half_dx_;       // (coordinate_[j+1] − coordinate_[j])/2: segment integral weights
    std::vector<detail::smoothing_band> output_bands_, input_bands_;
    std::vector<std::uint8_t> output_dc_;
};

/// A smoothing named on a command line: its width rule and the quantity its rule averages by default.
struct smoothing_spec {
    smoothing_width width;                            ///< band width rule
    smoothing_domain domain = smoothing_domain::power; ///< default averaged quantity (cubic for psychoacoustic)
};

/// Parses "1/N" or "N" (a fraction of an octave, 1 <= N <= 384), a decimal octave fraction below 1 ("0.1667" is
/// 1/6: within 1 % of 1/round(1/x) it is that, else 1/(1/x)), "variable", "psychoacoustic" or "erb".
/// @throws iemlab::error naming `parameter` and the accepted forms.
inline smoothing_spec parse_smoothing(std::string_view text, std::string_view parameter = "smoothing") {
    if (text == "variable") return {smoothing_width::variable()};
    if (text == "psychoacoustic") return {smoothing_width::psychoacoustic(), smoothing_domain::cubic};
    if (text == "erb") return {smoothing_width::erb()};
    std::string_view s = text;
    if (s.starts_with("1/")) s.remove_prefix(2);
    double n = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    const bool number = !s.empty() && ec == std::errc{} && end == s.data() + s.size();
    if (number && !text.starts_with("1/") && n > 0 && n < 1) { // a decimal fraction of an octave: 0.1667 = 1/6
        const double inverse = 1.0 / n, whole = std::round(inverse);
        n = std::fabs(inverse - whole) <= 0.01 * whole ? whole : inverse;
    }
    if (!number || !(n >= 1 && n <= 384))
        throw_invalid("parse_smoothing", parameter,
                      iemlab::detail::excerpt(text, 40) +
                          " is not 1/N (1 <= N <= 384), a decimal octave fraction (0.1667 = 1/6), variable, "
                          "psychoacoustic or erb");
    return {smoothing_width::fraction(n)};
}

/// Smooths `response` on its own grid (see fractional_octave_smoother for the definition and options).
inline frequency_response smooth(const frequency_response& response, smoothing_width width,
                                 smoothing_options options = {}) {
    if (response.empty()) throw_invalid("smooth", "response", "is empty");
    return fractional_octave_smoother(response.frequencies(), width, options)(response);
}

} // namespace iemlab::inline v0::dsp
