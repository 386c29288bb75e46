#pragma once
/// @file
/// @brief SVG line plots: frequency responses (log-frequency axis 20 Hz … 20 kHz, dB), impedance (Ω, log or
/// linear), distortion (%), with grid, legend, several curves, a target and a shaded spread band.

#include "iemlab/core/error.hpp"
#include "iemlab/core/frequency_grid.hpp"
#include "iemlab/core/frequency_response.hpp"
#include "iemlab/dsp/interpolate.hpp"
#include "iemlab/io/atomic_file.hpp"
#include "iemlab/io/detail/text_output.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <limits>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace iemlab::inline v0::io {

/// How an axis maps values to positions.
enum class axis_scale {
    linear,     ///< equal steps for equal differences
    logarithmic ///< equal steps for equal ratios; values <= 0 are not drawn
};

/// One axis of a plot.
struct plot_axis {
    std::string label;                     ///< axis title, e.g. "Frequency (Hz)"
    axis_scale scale = axis_scale::linear; ///< linear or logarithmic
    std::optional<double> min;             ///< lower end; from the data when absent
    std::optional<double> max;             ///< upper end; from the data when absent
    bool kilo_labels = false;              ///< write 1000 as "1k", 20000 as "20k" (frequency axes)
    double min_span = 0;                   ///< smallest range drawn from the data (linear axes), centred on it
};

/// Line and fill style of a curve or band; empty colour = next colour of the palette.
struct plot_style {
    std::string color;    ///< SVG colour ("#1f77b4", "black"); empty: automatic
    double width = 1.5;   ///< stroke width, px
    bool dashed = false;  ///< dashed line
    double opacity = 1.0; ///< stroke opacity (fill opacity for bands)
};

/// Layout and axes of a plot.
struct plot_options {
    std::string title;                                              ///< heading above the plot
    plot_axis x{"Frequency (Hz)", axis_scale::logarithmic, 20.0, 20000.0, true}; ///< horizontal axis
    plot_axis y{"Level (dB)", axis_scale::linear, {}, {}, false};   ///< vertical axis
    int width = 960;                                                ///< SVG width, px
    int height = 540;                                               ///< SVG height, px
    bool legend = true;                                             ///< draw a legend of the labelled series
};

/// Options for frequency responses: log frequency 20 Hz … 20 kHz (labels 20, 50, 100, … 10k, 20k), level in dB.
inline plot_options frequency_response_plot_options(std::string title = {}) {
    plot_options o;
    o.title = std::move(title);
    o.y.min_span = 30; // a flat response is not drawn as if it were all peaks (squig.link shows ~40 dB)
    return o;
}

/// Options for impedance curves: log frequency, |Z| in Ω on a log (default) or linear axis.
inline plot_options impedance_plot_options(std::string title = {}, axis_scale y_scale = axis_scale::logarithmic) {
    plot_options o;
    o.title = std::move(title);
    o.y = plot_axis{"Impedance (Ω)", y_scale, {}, {}, false};
    return o;
}

/// Options for distortion: log frequency, THD in percent on a log (default) or linear axis.
inline plot_options distortion_plot_options(std::string title = {}, axis_scale y_scale = axis_scale::logarithmic) {
    plot_options o;
    o.title = std::move(title);
    o.y = plot_axis{"THD (%)", y_scale, {}, {}, false};
    return o;
}

/// A shaded band between two curves on common abscissae, e.g. the min … max spread of several measurements.
struct plot_band_data {
    std::vector<double> x;     ///< abscissae, increasing
    std::vector<double> lower; ///< lower edge
    std::vector<double> upper; ///< upper edge
};

/// Per-frequency minimum and maximum level of `responses` for display: each is interpolated (dB linear in
/// log-frequency) onto a 1/`points_per_octave` octave grid spanning the range all of them cover.
/// @throws iemlab::error when there are fewer than 2 responses or their frequency ranges do not overlap.
inline plot_band_data spread_band(std::span<const frequency_response> responses, double points_per_octave = 48) {
    if (responses.size() < 2)
        throw_out_of_range("spread_band", "responses.size()", double(responses.size()), "", "at least 2 responses");
    double lo = 0, hi = std::numeric_limits<double>::infinity();
    for (const auto& r : responses) {
        if (r.empty()) throw_invalid("spread_band", "response '" + r.name() + "'", "is empty");
        const auto& f = r.frequencies();
        const double first_positive = f.front() > 0 ? f.front() : (f.size() > 1 ? f[1] : 0.0);
        lo = std::max(lo, first_positive);
        hi = std::min(hi, f.back());
    }
    if (!(lo > 0) || !(hi > lo))
        throw_invalid("spread_band", "responses", "have no common frequency range above 0 Hz");
    plot_band_data band;
    band.x = log_grid(lo, hi, points_per_octave);
    band.lower.assign(band.x.size(), std::numeric_limits<double>::infinity());
    band.upper.assign(band.x.size(), -std::numeric_limits<double>::infinity());
    for (const auto& r : responses) {
        const auto v = dsp::interpolate_log(r.frequencies(), r.magnitude_db(), band.x);
        for (std::size_t i = 0; i < v.size(); ++i) {
            band.lower[i] = std::min(band.lower[i], v[i]);
            band.upper[i] = std::max(band.upper[i], v[i]);
        }
    }
    return band;
}

namespace detail {

/// Colours that stay distinguishable for the common forms of colour blindness (Okabe & Ito 2008,
/// "Color Universal Design"), then a few darker extras.
inline constexpr std::array<const char*, 10> plot_palette{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00",
                                                          "#56B4E9", "#000000", "#8C564B", "#7F7F7F", "#BCBD22"};

struct point {
    double x, y;
};

/// Liang–Barsky clipping of the segment a→b to [x0, x1]×[y0, y1]; false when nothing is inside.
inline bool clip_segment(point& a, point& b, double x0, double x1, double y0, double y1) noexcept {
    double t0 = 0, t1 = 1;
    const double dx = b.x - a.x, dy = b.y - a.y;
    const std::array<double, 4> p{-dx, dx, -dy, dy};
    const std::array<double, 4> q{a.x - x0, x1 - a.x, a.y - y0, y1 - a.y};
    for (std::size_t i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0) return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0) t0 = std::max(t0, t);
        else t1 = std::min(t1, t);
        if (t0 > t1) return false;
    }
    const point a0 = a;
    if (t0 > 0) a = {a0.x + t0 * dx, a0.y + t0 * dy};
    if (t1 < 1) b = {a0.x + t1 * dx, a0.y + t1 * dy};
    return true;
}

/// Sutherland–Hodgman clipping of a polygon to a rectangle.
inline std::vector<point> clip_polygon(std::vector<point> poly, double x0, double x1, double y0, double y1) {
    const auto clip_edge = [](const std::vector<point>& in, auto inside, auto intersect) {
        std::vector<point> out;
        if (in.empty()) return out;
        point prev = in.back();
        bool prev_in = inside(prev);
        for (const point& cur : in) {
            const bool cur_in = inside(cur);
            if (cur_in != prev_in) out.push_back(intersect(prev, cur));
            if (cur_in) out.push_back(cur);
            prev = cur;
            prev_in = cur_in;
        }
        return out;
    };
    const auto at_x = [](double xc) {
        return [xc](point a, point b) { return point{xc, a.y + (b.y - a.y) * (xc - a.x) / (b.x - a.x)}; };
    };
    const auto at_y = [](double yc) {
        return [yc](point a, point b) { return point{a.x + (b.x - a.x) * (yc - a.y) / (b.y - a.y), yc}; };
    };
    poly = clip_edge(poly, [x0](point p) { return p.x >= x0; }, at_x(x0));
    poly = clip_edge(poly, [x1](point p) { return p.x <= x1; }, at_x(x1));
    poly = clip_edge(poly, [y0](point p) { return p.y >= y0; }, at_y(y0));
    poly = clip_edge(poly, [y1](point p) { return p.y <= y1; }, at_y(y1));
    return poly;
}

/// "1k", "2.5k", "20k" for frequencies; "0.01", "50" otherwise (at most 6 significant digits).
inline std::string tick_label(double v, bool kilo) {
    std::string s;
    if (kilo && std::fabs(v) >= 1000) {
        append_general(s, v / 1000, 6);
        return s + "k";
    }
    append_general(s, v, 6);
    return s;
}

/// 1-2-5 step giving roughly `target` intervals over `span`.
inline double nice_step(double span, double target) {
    const double raw = span / target;
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (raw <= m * decade * 1.0000001) return m * decade;
    return 10 * decade;
}

struct axis_ticks {
    std::vector<double> major; // labelled, with grid line
    std::vector<double> minor; // grid line only
};

inline axis_ticks make_ticks(double lo, double hi, axis_scale scale) {
    axis_ticks t;
    if (scale == axis_scale::linear) {
        const double step = nice_step(hi - lo, 8);
        const double first = std::ceil(lo / step - 1e-9) * step;
        for (int i = 0; i < 100; ++i) {
            const double v = first + i * step;
            if (v > hi + step * 1e-9) break;
            t.major.push_back(std::fabs(v) < step * 1e-9 ? 0.0 : v);
        }
        return t;
    }
    const int d0 = static_cast<int>(std::floor(std::log10(lo) + 1e-12));
    const int d1 = static_cast<int>(std::ceil(std::log10(hi) - 1e-12));
    const bool dense = d1 - d0 <= 5; // 1-2-5 labels up to 5 decades, decades only beyond
    for (int d = d0; d <= d1 && d - d0 < 400; ++d) {
        const double decade = std::pow(10.0, d);
        for (int m = 1; m <= 9; ++m) {
            const double v = m * decade;
            if (v < lo * (1 - 1e-9) || v > hi * (1 + 1e-9)) continue;
            if (m == 1 || (dense && (m == 2 || m == 5))) t.major.push_back(v);
            else t.minor.push_back(v);
        }
    }
    return t;
}

/// A range [lo, hi] for `values` on `scale`: padded to whole ticks, never empty.
inline std::pair<double, double> auto_range(double lo, double hi, axis_scale scale) {
    if (scale == axis_scale::logarithmic) {
        if (!(lo > 0) || !std::isfinite(lo) || !std::isfinite(hi)) return {1, 10};
        double a = std::pow(10.0, std::floor(std::log10(lo) + 1e-12));
        double b = std::pow(10.0, std::ceil(std::log10(hi) - 1e-12));
        if (!(b > a)) b = a * 10;
        return {a, b};
    }
    if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
    if (hi - lo < 1e-9 * std::max(1.0, std::fabs(hi))) {
        lo -= 1;
        hi += 1;
    }
    const double pad = 0.02 * (hi - lo); // keep extremes off the frame
    lo -= pad;
    hi += pad;
    const double step = nice_step(hi - lo, 8);
    return {std::floor(lo / step) * step, std::ceil(hi / step) * step};
}

} // namespace detail

/// An SVG plot of curves (lines), at most one target (a thick dashed line) and shaded bands; the result is a
/// standalone SVG document that can also be inlined in HTML.
class svg_plot {
public:
    /// A plot with the given axes and layout.
    explicit svg_plot(plot_options options = frequency_response_plot_options()) : options_(std::move(options)) {
        require_in_range("svg_plot", "width", options_.width, 200, 20000, "px");
        require_in_range("svg_plot", "height", options_.height, 150, 20000, "px");
        for (const plot_axis* a : {&options_.x, &options_.y}) {
            const char* which = a == &options_.x ? "x" : "y";
            const bool log = a->scale == axis_scale::logarithmic;
            for (const auto& bound : {a->min, a->max})
                if (bound && (!std::isfinite(*bound) || (log && !(*bound > 0))))
                    throw_out_of_range("svg_plot", std::string(which) + " axis limit", *bound, "",
                                       log ? "a finite value > 0 on a logarithmic axis" : "a finite value");
            if (a->min && a->max && !(*a->max > *a->min))
                throw_out_of_range("svg_plot", std::string(which) + " axis max", *a->max, "",
                                   "max > min = " + format_number(*a->min));
        }
    }

    /// Adds a curve `y(x)`; points with non-finite values (or <= 0 on a log axis) break the line.
    svg_plot& add_curve(std::string label, std::span<const double> x, std::span<const double> y, const plot_style& style = {}) {
        if (x.size() != y.size())
            throw_out_of_range("svg_plot::add_curve", "y.size()", double(y.size()), "",
                               "as many values as x (" + std::to_string(x.size()) + ")");
        series_.push_back({std::move(label), {x.begin(), x.end()}, {y.begin(), y.end()}, {}, resolve(style), kind::curve});
        return *this;
    }

    /// Adds a response's magnitude in dB, labelled with its name.
    svg_plot& add_curve(const frequency_response& r, const plot_style& style = {}) {
        return add_curve(r.name(), r.frequencies(), r.magnitude_db(), style);
    }

    /// Adds a target curve: drawn thick, dashed and dark grey under the measured curves.
    svg_plot& add_target(const frequency_response& target, std::string label = "Target") {
        plot_style s{"#444444", 2.5, true, 0.9};
        series_.push_back({std::move(label), target.frequencies(), target.magnitude_db(), {}, s, kind::target});
        return *this;
    }

    /// Adds a shaded band between `lower` and `upper` (same length as `x`), drawn under every line (default: a
    /// neutral blue-grey at 30 % opacity).
    svg_plot& add_band(std::string label, std::span<const double> x, std::span<const double> lower,
                       std::span<const double> upper, plot_style style = {}) {
        if (lower.size() != x.size() || upper.size() != x.size())
            throw_out_of_range("svg_plot::add_band", "lower/upper size", double(lower.size()), "",
                               "as many values as x (" + std::to_string(x.size()) + ")");
        if (style.opacity == 1.0) style.opacity = 0.3;
        if (style.color.empty()) style.color = "#8FA8C8"; // neutral, so the curves keep the palette's colours
        series_.push_back({std::move(label), {x.begin(), x.end()}, {upper.begin(), upper.end()},
                           {lower.begin(), lower.end()}, resolve(style), kind::band});
        return *this;
    }

    /// Adds a band from spread_band() data.
    svg_plot& add_band(std::string label, const plot_band_data& band, plot_style style = {}) {
        return add_band(std::move(label), band.x, band.lower, band.upper, std::move(style));
    }

    /// The plot as an SVG document (UTF-8, no XML declaration, so it can be inlined in HTML as is).
    std::string render() const;

    /// Writes render() to `path` atomically.
    void write(const std::filesystem::path& path) const {
        const std::string svg = render();
        write_file_atomically(path, [&](std::ostream& os) { os.write(svg.data(), static_cast<std::streamsize>(svg.size())); });
    }

    /// The options the plot was built with.
    const plot_options& options() const noexcept { return options_; }

private:
    enum class kind { curve, target, band };
    struct series {
        std::string label;
        std::vector<double> x, y, y2; // y2: lower edge of a band
        plot_style style;
        kind what;
    };

    plot_style resolve(plot_style s) {
        if (s.color.empty()) s.color = detail::plot_palette[next_color_++ % detail::plot_palette.size()];
        if (!(s.width > 0) || !std::isfinite(s.width)) s.width = 1.5;
        if (!(s.opacity >= 0 && s.opacity <= 1)) s.opacity = 1;
        return s;
    }

    plot_options options_;
    std::vector<series> series_;
    std::size_t next_color_ = 0;
};

inline std::string svg_plot::render() const {
    using detail::point;
    const auto& o = options_;
    const double W = o.width, H = o.height;
    // The legend sits right of the frame, outside the data area, so it never hides a curve.
    std::vector<const series*> entries;
    if (o.legend)
        for (kind pass : {kind::curve, kind::target, kind::band})
            for (const auto& s : series_)
                if (s.what == pass && !s.label.empty()) entries.push_back(&s);
    std::size_t longest = 0;
    for (const auto* s : entries) longest = std::max(longest, std::min<std::size_t>(s->label.size(), 60));
    const double legend_w = entries.empty() ? 0 : std::min(44 + 7.0 * double(longest), 0.4 * W);
    const double left = 72, right = W - 24 - (entries.empty() ? 0 : legend_w + 8), top = o.title.empty() ? 24 : 48,
                 bottom = H - 56;
    const bool xlog = o.x.scale == axis_scale::logarithmic, ylog = o.y.scale == axis_scale::logarithmic;
    const auto usable_x = [&](double v) { return std::isfinite(v) && (!xlog || v > 0); };
    const auto usable_y = [&](double v) { return std::isfinite(v) && (!ylog || v > 0); };

    // Axis ranges: fixed where given, else from the data (y only from points inside the x range).
    double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo;
    for (const auto& s : series_)
        for (double v : s.x)
            if (usable_x(v)) xlo = std::min(xlo, v), xhi = std::max(xhi, v);
    auto [ax0, ax1] = detail::auto_range(xlo, xhi, o.x.scale);
    const double x_min = o.x.min.value_or(ax0), x_max = o.x.max.value_or(std::max(ax1, x_min * (xlog ? 10 : 1) + (xlog ? 0 : 1)));
    double ylo = std::numeric_limits<double>::infinity(), yhi = -ylo;
    for (const auto& s : series_)
        for (std::size_t i = 0; i < s.x.size(); ++i) {
            if (!usable_x(s.x[i]) || s.x[i] < x_min || s.x[i] > x_max) continue;
            for (double v : {s.y[i], s.y2.empty() ? s.y[i] : s.y2[i]})
                if (usable_y(v)) ylo = std::min(ylo, v), yhi = std::max(yhi, v);
        }
    if (!ylog && o.y.min_span > 0 && std::isfinite(ylo) && std::isfinite(yhi) && yhi - ylo < o.y.min_span) {
        const double mid = 0.5 * (ylo + yhi); // widen a narrow range around its middle
        ylo = mid - 0.5 * o.y.min_span;
        yhi = mid + 0.5 * o.y.min_span;
    }
    auto [ay0, ay1] = detail::auto_range(ylo, yhi, o.y.scale);
    double y_min = o.y.min.value_or(ay0), y_max = o.y.max.value_or(ay1);
    if (!(y_max > y_min)) y_max = ylog ? y_min * 10 : y_min + 1;

    const auto tx = [&](double v) {
        const double t = xlog ? std::log(v / x_min) / std::log(x_max / x_min) : (v - x_min) / (x_max - x_min);
        return left + t * (right - left);
    };
    const auto ty = [&](double v) {
        const double t = ylog ? std::log(v / y_min) / std::log(y_max / y_min) : (v - y_min) / (y_max - y_min);
        return bottom - t * (bottom - top);
    };
    const auto num = [](std::string& out, double v) { detail::append_fixed(out, v, 2); };

    std::string body;
    // Grid and tick labels.
    const auto xt = detail::make_ticks(x_min, x_max, o.x.scale);
    const auto yt = detail::make_ticks(y_min, y_max, o.y.scale);
    body += "<g class=\"grid\" stroke-width=\"1\">\n";
    for (const auto* ticks : {&xt.minor, &xt.major})
        for (double v : *ticks) {
            body += ticks == &xt.minor ? "<line stroke=\"#eeeeee\" x1=\"" : "<line stroke=\"#cccccc\" x1=\"";
            num(body, tx(v));
            body += "\" x2=\"";
            num(body, tx(v));
            body += "\" y1=\"";
            num(body, top);
            body += "\" y2=\"";
            num(body, bottom);
            body += "\"/>\n";
        }
    for (const auto* ticks : {&yt.minor, &yt.major})
        for (double v : *ticks) {
            body += ticks == &yt.minor ? "<line stroke=\"#eeeeee\" x1=\"" : "<line stroke=\"#cccccc\" x1=\"";
            num(body, left);
            body += "\" x2=\"";
            num(body, right);
            body += "\" y1=\"";
            num(body, ty(v));
            body += "\" y2=\"";
            num(body, ty(v));
            body += "\"/>\n";
        }
    body += "</g>\n<g class=\"x-ticks\" font-size=\"12\" text-anchor=\"middle\" fill=\"#333333\">\n";
    for (double v : xt.major) {
        body += "<text x=\"";
        num(body, tx(v));
        body += "\" y=\"";
        num(body, bottom + 17);
        body += "\">" + detail::xml_escape(detail::tick_label(v, o.x.kilo_labels)) + "</text>\n";
    }
    body += "</g>\n<g class=\"y-ticks\" font-size=\"12\" text-anchor=\"end\" fill=\"#333333\">\n";
    for (double v : yt.major) {
        body += "<text x=\"";
        num(body, left - 6);
        body += "\" y=\"";
        num(body, ty(v) + 4);
        body += "\">" + detail::xml_escape(detail::tick_label(v, o.y.kilo_labels)) + "</text>\n";
    }
    body += "</g>\n";

    // Data: bands first, then the target, then the curves, each clipped to the plot area.
    const auto to_pixels = [&](const std::vector<double>& xs, const std::vector<double>& ys, std::size_t i,
                               point& p) {
        if (!usable_x(xs[i]) || !usable_y(ys[i])) return false;
        p = {tx(xs[i]), ty(ys[i])};
        return std::isfinite(p.x) && std::isfinite(p.y);
    };
    for (const auto& s : series_) {
        if (s.what != kind::band) continue;
        body += "<g class=\"band\" fill=\"" + detail::xml_escape(s.style.color) + "\" fill-opacity=\"";
        num(body, s.style.opacity);
        body += "\" stroke=\"none\">\n";
        // One polygon per run of finite points: the upper edge forward, the lower edge back.
        std::size_t i = 0;
        while (i < s.x.size()) {
            std::vector<point> upper, lower;
            point pu{}, pl{};
            for (; i < s.x.size() && to_pixels(s.x, s.y, i, pu) && to_pixels(s.x, s.y2, i, pl); ++i) {
                upper.push_back(pu);
                lower.push_back(pl);
            }
            ++i;
            if (upper.size() < 2) continue;
            std::vector<point> poly(upper);
            poly.insert(poly.end(), lower.rbegin(), lower.rend());
            poly = detail::clip_polygon(std::move(poly), left, right, top, bottom);
            if (poly.size() < 3) continue;
            body += "<polygon points=\"";
            for (std::size_t k = 0; k < poly.size(); ++k) {
                if (k) body += ' ';
                num(body, poly[k].x);
                body += ',';
                num(body, poly[k].y);
            }
            body += "\"/>\n";
        }
        body += "</g>\n";
    }
    const double max_points = 4 * (right - left); // beyond this a curve is reduced to its per-pixel envelope
    for (kind pass : {kind::target, kind::curve})
        for (const auto& s : series_) {
            if (s.what != pass) continue;
            body += pass == kind::target ? "<g class=\"target\"" : "<g class=\"curve\"";
            body += " fill=\"none\" stroke=\"" + detail::xml_escape(s.style.color) + "\" stroke-width=\"";
            num(body, s.style.width);
            body += "\" stroke-opacity=\"";
            num(body, s.style.opacity);
            body += "\" stroke-linejoin=\"round\"";
            if (s.style.dashed) body += " stroke-dasharray=\"8,5\"";
            body += ">\n";
            // Pixel points with breaks (nullopt) at unusable values.
            std::vector<std::optional<point>> pts;
            pts.reserve(s.x.size());
            for (std::size_t i = 0; i < s.x.size(); ++i) {
                point p{};
                pts.push_back(to_pixels(s.x, s.y, i, p) ? std::optional<point>(p) : std::nullopt);
            }
            if (double(pts.size()) > max_points) { // keep the min and max of each pixel column, in order
                std::vector<std::optional<point>> reduced;
                std::size_t i = 0;
                while (i < pts.size()) {
                    if (!pts[i]) {
                        reduced.push_back(std::nullopt);
                        ++i;
                        continue;
                    }
                    const double column = std::floor(pts[i]->x);
                    std::size_t j = i, lo = i, hi = i;
                    for (; j < pts.size() && pts[j] && std::floor(pts[j]->x) == column; ++j) {
                        if (pts[j]->y < pts[lo]->y) lo = j;
                        if (pts[j]->y > pts[hi]->y) hi = j;
                    }
                    reduced.push_back(pts[std::min(lo, hi)]);
                    if (lo != hi) reduced.push_back(pts[std::max(lo, hi)]);
                    i = j;
                }
                pts = std::move(reduced);
            }
            std::string line; // the current polyline's points
            std::size_t line_points = 0;
            std::optional<point> last_end;
            const auto flush = [&] {
                if (line_points >= 2) body += "<polyline points=\"" + line + "\"/>\n";
                line.clear();
                line_points = 0;
                last_end.reset();
            };
            const auto append_point = [&](point p) {
                if (line_points) line += ' ';
                num(line, p.x);
                line += ',';
                num(line, p.y);
                ++line_points;
            };
            for (std::size_t i = 0; i + 1 < pts.size(); ++i) {
                if (!pts[i] || !pts[i + 1]) {
                    flush();
                    continue;
                }
                point a = *pts[i], b = *pts[i + 1];
                const bool a_inside = a.x >= left && a.x <= right && a.y >= top && a.y <= bottom;
                if (!detail::clip_segment(a, b, left, right, top, bottom)) {
                    flush();
                    continue;
                }
                const bool continues = last_end && a_inside && a.x == last_end->x && a.y == last_end->y;
                if (!continues) {
                    flush();
                    append_point(a);
                }
                append_point(b);
                const bool b_inside = b.x == pts[i + 1]->x && b.y == pts[i + 1]->y;
                if (b_inside) last_end = b;
                else flush();
            }
            if (s.x.size() == 1 && pts.front()) { // a single point: a short mark
                const point p = *pts.front();
                if (p.x >= left && p.x <= right && p.y >= top && p.y <= bottom) {
                    append_point({p.x - 2, p.y});
                    append_point({p.x + 2, p.y});
                }
            }
            flush();
            body += "</g>\n";
        }

    // Frame, axis titles, title, legend.
    body += "<rect class=\"frame\" fill=\"none\" stroke=\"#333333\" x=\"";
    num(body, left);
    body += "\" y=\"";
    num(body, top);
    body += "\" width=\"";
    num(body, right - left);
    body += "\" height=\"";
    num(body, bottom - top);
    body += "\"/>\n";
    body += "<text class=\"x-label\" font-size=\"13\" text-anchor=\"middle\" x=\"";
    num(body, (left + right) / 2);
    body += "\" y=\"";
    num(body, H - 14);
    body += "\">" + detail::xml_escape(o.x.label) + "</text>\n";
    body += "<text class=\"y-label\" font-size=\"13\" text-anchor=\"middle\" transform=\"translate(18,";
    num(body, (top + bottom) / 2);
    body += ") rotate(-90)\">" + detail::xml_escape(o.y.label) + "</text>\n";
    if (!o.title.empty()) {
        body += "<text class=\"title\" font-size=\"16\" font-weight=\"bold\" text-anchor=\"middle\" x=\"";
        num(body, W / 2);
        body += "\" y=\"28\">" + detail::xml_escape(o.title) + "</text>\n";
    }
    if (!entries.empty()) {
        {
            const double row = 18, box_w = legend_w, box_h = 8 + row * double(entries.size());
            const std::size_t max_chars = static_cast<std::size_t>(std::max(8.0, (legend_w - 44) / 7.0));
            const double bx = right + 8, by = top;
            body += "<g class=\"legend\" font-size=\"12\">\n<rect fill=\"#ffffff\" stroke=\"#999999\" x=\"";
            num(body, bx);
            body += "\" y=\"";
            num(body, by);
            body += "\" width=\"";
            num(body, box_w);
            body += "\" height=\"";
            num(body, box_h);
            body += "\"/>\n";
            for (std::size_t k = 0; k < entries.size(); ++k) {
                const auto& s = *entries[k];
                const double cy = by + 4 + row * (double(k) + 0.5);
                if (s.what == kind::band) {
                    body += "<rect fill=\"" + detail::xml_escape(s.style.color) + "\" fill-opacity=\"";
                    num(body, s.style.opacity);
                    body += "\" x=\"";
                    num(body, bx + 6);
                    body += "\" y=\"";
                    num(body, cy - 5);
                    body += "\" width=\"24\" height=\"10\"/>\n";
                } else {
                    body += "<line stroke=\"" + detail::xml_escape(s.style.color) + "\" stroke-width=\"";
                    num(body, s.style.width);
                    body += s.style.dashed ? "\" stroke-dasharray=\"8,5\"" : "\"";
                    body += " x1=\"";
                    num(body, bx + 6);
                    body += "\" x2=\"";
                    num(body, bx + 30);
                    body += "\" y1=\"";
                    num(body, cy);
                    body += "\" y2=\"";
                    num(body, cy);
                    body += "\"/>\n";
                }
                std::string label = s.label.size() > max_chars ? s.label.substr(0, max_chars - 3) + "..." : s.label;
                body += "<text x=\"";
                num(body, bx + 36);
                body += "\" y=\"";
                num(body, cy + 4);
                body += "\">" + detail::xml_escape(label) + "</text>\n";
            }
            body += "</g>\n";
        }
    }

    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + std::to_string(o.width) +
                      "\" height=\"" + std::to_string(o.height) + "\" viewBox=\"0 0 " + std::to_string(o.width) + " " +
                      std::to_string(o.height) + "\" font-family=\"Helvetica, Arial, sans-serif\">\n";
    svg += "<rect class=\"background\" fill=\"#ffffff\" x=\"0\" y=\"0\" width=\"" + std::to_string(o.width) +
           "\" height=\"" + std::to_string(o.height) + "\"/>\n";
    svg += body;
    svg += "</svg>\n";
    return svg;
}

} // namespace iemlab::inline v0::io
